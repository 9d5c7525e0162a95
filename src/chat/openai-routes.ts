import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, requireActor } from '../accounts/index.js';
import { AppError, BadRequest, NotFound } from '../errors.js';
import { toAppError } from '../http/error-handler.js';
import { newId } from '../ids.js';
import type { Services } from '../services.js';
import { getOwnChat, insertChat } from './chat-store.js';
import {
  type CompletionIdentity,
  chunkOf,
  completionOf,
  finishReasonOf,
  openAiErrorBody,
  statusForTurnError,
} from './openai-format.js';
import type { TurnEvent } from './turn-events.js';
import { runTurn } from './run-turn.js';
import { turnDepsFrom } from './turn-deps.js';

// OpenAI clients send many optional fields (n, logprobs, stream_options, tools…): the body is parsed
// leniently — fields we do not use are ignored rather than refused, unlike Hearth's own API.
const completionBody = z.object({
  model: z.string().min(1).max(200),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
        content: z
          .union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))])
          .nullable(),
      }),
    )
    .min(1)
    .max(500),
  stream: z.boolean().optional(),
  user: z.string().max(200).optional(),
});

function lastUserText(messages: z.infer<typeof completionBody>['messages']): string {
  const last = [...messages].reverse().find((message) => message.role === 'user');
  const content = last?.content;
  const text =
    typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');
  return text.trim();
}

/**
 * The OpenAI-compatible API (DESIGN §6): `model` is a character id or slug; the last user message is
 * the new turn, which runs through the whole pipeline; the chat is chosen by `X-Hearth-Chat` (a chat
 * id) or the `user` field (a conversation key), else a new chat is opened. Errors use OpenAI's shape.
 */
export async function openAiRoutes(fastify: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = services.db.kysely;
  const { characters } = services.chat;

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as Error);
    if (appError.status >= 500) request.log.error({ err: error }, 'v1 request failed');
    return reply.status(appError.status).send(openAiErrorBody(appError));
  });

  app.get('/v1/models', { schema: { tags: ['openai'] } }, async (request) => {
    const actor = requireActor(request);
    const list = await characters.listChattable(actor);
    return {
      object: 'list',
      data: list.map((character) => ({
        id: character.slug || character.id,
        object: 'model',
        created: Math.floor(new Date(character.createdAt).getTime() / 1000),
        owned_by: 'hearth',
        name: character.name,
        hearth_character_id: character.id,
      })),
    };
  });

  async function chooseChat(
    request: FastifyRequest,
    actor: Actor,
    characterId: string,
    title: string,
    userKey?: string,
  ) {
    const header = request.headers['x-hearth-chat'];
    if (typeof header === 'string' && header) {
      const chat = await getOwnChat(db, actor.userId, header);
      if (chat.character_id !== characterId) {
        throw new BadRequest('chat_character_mismatch', 'X-Hearth-Chat names a chat with another character.');
      }
      return chat.id;
    }
    if (userKey) {
      const existing = await db
        .selectFrom('chats')
        .select('id')
        .where('user_id', '=', actor.userId)
        .where('character_id', '=', characterId)
        .where('external_key', '=', userKey)
        .executeTakeFirst();
      if (existing) return existing.id;
    }
    return (
      await insertChat(db, services.clock, { userId: actor.userId, characterId, title, externalKey: userKey })
    ).id;
  }

  app.post(
    '/v1/chat/completions',
    { schema: { tags: ['openai'], body: completionBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const text = lastUserText(request.body.messages);
      if (!text) throw new BadRequest('no_user_message', 'messages must end with a non-empty user message.');
      if (text.length > services.config.maxMessageChars) {
        throw new BadRequest(
          'message_too_long',
          `The user message is longer than ${services.config.maxMessageChars} characters.`,
        );
      }
      const character = await characters.forChat(actor, request.body.model).catch((error) => {
        if (error instanceof AppError && error.status === 404) {
          throw new NotFound(
            'model_not_found',
            `The model '${request.body.model}' does not exist or you do not have access to it.`,
          );
        }
        throw error;
      });
      const chatId = await chooseChat(request, actor, character.id, character.name, request.body.user);
      reply.header('x-hearth-chat', chatId);
      const controller = new AbortController();
      const events = runTurn(
        {
          actor,
          chatId,
          mode: { type: 'send', content: text },
          signal: controller.signal,
          requestId: request.id,
        },
        turnDepsFrom(services, request.log),
      );
      const identity = {
        id: `chatcmpl-${newId()}`,
        created: Math.floor(Date.now() / 1000),
        model: request.body.model,
      };
      if (request.body.stream) return streamCompletion(request, reply, events, controller, identity, chatId);
      return collectCompletion(reply, events, identity);
    },
  );
}

async function collectCompletion(
  reply: FastifyReply,
  events: AsyncGenerator<TurnEvent>,
  identity: CompletionIdentity,
) {
  let content = '';
  for await (const event of events) {
    if (event.type === 'text-delta') content += event.text;
    if (event.type === 'blocked') return completionOf(identity, event.reply, 'content_filter');
    if (event.type === 'finish') return completionOf(identity, content, finishReasonOf(event) ?? 'stop');
    if (event.type === 'error') {
      const error = new AppError(statusForTurnError(event.code), event.code, event.message);
      return reply.status(error.status).send(openAiErrorBody(error));
    }
  }
  throw new Error('turn ended without a final event');
}

async function streamCompletion(
  request: FastifyRequest,
  reply: FastifyReply,
  events: AsyncGenerator<TurnEvent>,
  controller: AbortController,
  identity: CompletionIdentity,
  chatId: string,
) {
  const first = await events.next();
  reply.hijack();
  const response = reply.raw;
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-hearth-chat': chatId,
    'x-request-id': request.id,
  });
  const send = (payload: unknown) => {
    if (!response.destroyed) response.write(`data: ${JSON.stringify(payload)}\n\n`);
  };
  send(chunkOf(identity, { role: 'assistant', content: '' }, null));
  const handle = (event: TurnEvent) => {
    if (event.type === 'text-delta') send(chunkOf(identity, { content: event.text }, null));
    else if (event.type === 'blocked') {
      // The partial text cannot be unsent over this protocol; the safe reply follows and the finish
      // reason tells the client the content was filtered.
      send(chunkOf(identity, { content: `\n\n${event.reply}` }, null));
      send(chunkOf(identity, {}, 'content_filter'));
    } else if (event.type === 'finish') send(chunkOf(identity, {}, finishReasonOf(event)));
    else if (event.type === 'error')
      send(openAiErrorBody(new AppError(statusForTurnError(event.code), event.code, event.message)));
  };
  try {
    if (!first.done) handle(first.value);
    for await (const event of events) handle(event);
  } finally {
    if (!response.destroyed) {
      response.write('data: [DONE]\n\n');
      response.end();
    }
  }
}
