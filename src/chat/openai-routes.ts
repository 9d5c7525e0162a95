import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Actor, requireActor } from '../accounts/index.js';
import { AppError, BadRequest, Conflict, NotFound } from '../errors.js';
import { toAppError } from '../http/error-handler.js';
import { newId } from '../ids.js';
import type { Services } from '../services.js';
import type { ClientTurnOptions } from './client-turn.js';
import { completionBody, samplingOf, toChatMessages } from './openai-body.js';
import { findApiChat, openApiChat } from './openai-chats.js';
import { IdentityError, identifyTurn, userTextsNewToChat } from './openai-identity.js';
import { collectCompletion, streamCompletion } from './openai-stream.js';
import { openAiErrorBody, statusTextOf } from './openai-format.js';
import type { TurnMode } from './plan-turn.js';
import { runTurn } from './run-turn.js';
import { turnDepsFrom } from './turn-deps.js';

type PromptMode = 'hearth' | 'client';

/** `X-Hearth-Prompt` overrides the key's setting for one request. */
function promptModeOf(request: FastifyRequest, actor: Actor): PromptMode {
  const header = request.headers['x-hearth-prompt'];
  if (header === undefined) return actor.apiKey?.promptMode ?? 'hearth';
  if (header === 'hearth' || header === 'client') return header;
  throw new BadRequest('invalid_prompt_mode', 'X-Hearth-Prompt must be `hearth` or `client`.', {
    param: 'X-Hearth-Prompt',
  });
}

const isTruthy = (value: string | string[] | undefined) =>
  typeof value === 'string' && ['1', 'true', 'yes'].includes(value.toLowerCase());

/**
 * The OpenAI-compatible API (DESIGN §6, issue 22): `model` is a character id or slug. In `hearth`
 * prompt mode Hearth builds the prompt (persona, memory, its stored history) and the client's new
 * user text is the turn; in `client` mode the client's messages are the prompt, as sent. Either way
 * the turn runs the whole pipeline (credits, moderation, output guard, ledger). Which chat, and what
 * the request does to it, follow README "OpenAI-compatible API". Errors use OpenAI's shape.
 */
export async function openAiRoutes(fastify: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = services.db.kysely;
  const { characters } = services.chat;

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as Error);
    if (appError.status >= 500) request.log.error({ err: error }, 'v1 request failed');
    reply.raw.statusMessage = statusTextOf(appError);
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

  app.post(
    '/v1/chat/completions',
    { config: { runsTurn: true }, schema: { tags: ['openai'], body: completionBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body;
      const mode = promptModeOf(request, actor);
      const isClient = mode === 'client';
      const messages = toChatMessages(body.messages);
      const sampling = samplingOf(body, {
        maxCompletionTokens: services.config.maxCompletionTokens,
        clientMode: isClient,
      });
      if (!isClient && messages.some((message) => message.role === 'tool')) {
        throw new BadRequest(
          'unsupported_parameter',
          'Tool results need the client prompt mode (X-Hearth-Prompt: client).',
          { param: 'messages' },
        );
      }
      const character = await characters.forChat(actor, body.model).catch((error) => {
        if (error instanceof AppError && error.status === 404) {
          throw new NotFound(
            'model_not_found',
            `The model '${body.model}' does not exist or you do not have access to it.`,
          );
        }
        throw error;
      });
      const choice = {
        actor,
        characterId: character.id,
        chatHeader: request.headers['x-hearth-chat'],
        userKey: body.user,
      };
      const existing = await findApiChat(db, choice);
      const stored = existing ? await services.chat.history.recent(db, existing) : [];
      let identity: ReturnType<typeof identifyTurn>;
      try {
        identity = identifyTurn(stored, messages, { quiet: isTruthy(request.headers['x-hearth-quiet']) });
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
        const code = messages.some((message) => message.role === 'user')
          ? 'history_mismatch'
          : 'no_user_message';
        if (code === 'no_user_message')
          throw new BadRequest(code, 'messages must contain a user message.', { param: 'messages' });
        throw new Conflict(code, error.message);
      }
      // Hearth's prompt limits the new text; a client prompt is limited by the model's context.
      if (!isClient && identity.type === 'send' && identity.text.length > services.config.maxMessageChars) {
        throw new BadRequest(
          'message_too_long',
          `The user message is longer than ${services.config.maxMessageChars} characters.`,
          { param: 'messages' },
        );
      }
      if (identity.type === 'send' && !identity.text.trim()) {
        throw new BadRequest('no_user_message', 'The last user message is empty.', { param: 'messages' });
      }
      const turnMode: TurnMode =
        identity.type === 'send'
          ? { type: 'send', content: identity.text }
          : identity.type === 'quiet'
            ? { type: 'send', content: identity.instruction }
            : { type: identity.type };
      const newTexts = userTextsNewToChat(stored, messages);
      const chat = existing ?? (await openApiChat(db, services.clock, { ...choice, title: character.name }));
      const client: ClientTurnOptions = {
        sampling,
        quiet: identity.type === 'quiet',
        prefill:
          !isClient && identity.type !== 'quiet' && 'prefill' in identity ? identity.prefill : undefined,
        ...(isClient
          ? {
              prompt: messages,
              moderationText: newTexts.length > 0 ? newTexts.join('\n\n') : null,
              memory: actor.apiKey?.clientMemory ?? false,
            }
          : {}),
      };
      reply.header('x-hearth-chat', chat.id);
      reply.header('x-hearth-turn', identity.type);
      const controller = new AbortController();
      const events = runTurn(
        { actor, chatId: chat.id, mode: turnMode, signal: controller.signal, requestId: request.id, client },
        turnDepsFrom(services, request.log),
      );
      const completion = {
        id: `chatcmpl-${newId()}`,
        created: Math.floor(Date.now() / 1000),
        model: body.model,
      };
      if (body.stream) return streamCompletion(request, reply, events, controller, completion);
      return collectCompletion(reply, events, completion);
    },
  );
}
