import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../accounts/index.js';
import { isoNow } from '../clock.js';
import { NotFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Services } from '../services.js';
import { personaForChat } from '../personas/index.js';
import { chatFolders, chatListQuery, listChatSummaries } from './chat-list.js';
import { chatSettingsBody, markChatRead, updateChatSettings } from './chat-settings.js';
import { deleteChat, getOwnChat, insertChat, publicChat } from './chat-store.js';
import { deleteMessage, editMessage, selectSwipe } from './message-edits.js';
import { moderateEdit } from './input-moderation.js';
import { followChatDeletion, followHistoryChange, messageIdsAfter } from './memory-follow.js';
import { getOwnMessage, newMessageRow, pageMessages, publicMessage } from './message-store.js';
import type { TurnMode } from './plan-turn.js';
import * as schemas from './schemas.js';
import { sendTurnAsSse } from './sse.js';
import { chatTransferRoutes } from './transfer-routes.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { runTurn } from './run-turn.js';
import { turnDepsFrom } from './turn-deps.js';

/** Chats, history and the streaming turn endpoints (DESIGN §6). */
export async function chatRoutes(fastify: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = services.db.kysely;
  const { characters, stages } = services.chat;
  const maxChars = services.config.maxMessageChars;
  await fastify.register(chatTransferRoutes, options);

  async function streamTurn(request: FastifyRequest, reply: FastifyReply, chatId: string, mode: TurnMode) {
    const actor = requireActor(request);
    const controller = new AbortController();
    const events = runTurn(
      { actor, chatId, mode, signal: controller.signal, requestId: request.id },
      turnDepsFrom(services, request.log),
    );
    await sendTurnAsSse(request, reply, events, controller);
  }

  app.post(
    '/api/chats',
    { schema: { tags: ['chat'], body: schemas.createChatBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const character = await characters.forChat(actor, request.body.characterId);
      const persona = await personaForChat(db, actor.userId, request.body.personaId ?? null);
      if (request.body.personaId && persona?.id !== request.body.personaId) {
        throw new NotFound('persona_not_found', 'No persona with that id.');
      }
      // Every greeting becomes a swipe of the first message: the user picks one before replying.
      const greetings = await characters.greetings(actor, character.id, persona?.name ?? actor.displayName);
      const chat = await db.transaction().execute(async (trx) => {
        const row = await insertChat(trx, services.clock, {
          userId: actor.userId,
          characterId: character.id,
          title: request.body.title ?? character.name,
          titleIsAuto: request.body.title === undefined,
          personaId: request.body.personaId ?? null,
        });
        if (greetings.length > 0) {
          const message = greetingMessage(row.id, greetings, isoNow(services.clock));
          await trx.insertInto('messages').values(message).execute();
        }
        return row;
      });
      return reply.status(201).send({ chat: { ...publicChat(chat), characterName: character.name } });
    },
  );

  app.get('/api/chats', { schema: { tags: ['chat'], querystring: chatListQuery } }, async (request) => {
    const actor = requireActor(request);
    const rows = await listChatSummaries(db, actor.userId, request.query);
    const cards = await characters.describe([...new Set(rows.map((row) => row.characterId))]);
    return {
      chats: rows.map((row) => ({
        ...row,
        characterName: cards.get(row.characterId)?.name ?? 'Unavailable character',
        characterAvatarUrl: cards.get(row.characterId)?.avatarUrl ?? null,
      })),
    };
  });

  app.get('/api/chats/folders', { schema: { tags: ['chat'] } }, async (request) => {
    const actor = requireActor(request);
    return chatFolders(db, actor.userId);
  });

  app.post(
    '/api/chats/:id/read',
    { schema: { tags: ['chat'], params: schemas.idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await markChatRead(db, services.clock, actor.userId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get('/api/chats/:id', { schema: { tags: ['chat'], params: schemas.idParams } }, async (request) => {
    const actor = requireActor(request);
    const chat = await getOwnChat(db, actor.userId, request.params.id);
    const card = (await characters.describe([chat.character_id])).get(chat.character_id);
    return {
      chat: {
        ...publicChat(chat),
        characterName: card?.name ?? 'Unavailable character',
        characterAvatarUrl: card?.avatarUrl ?? null,
      },
    };
  });

  app.patch(
    '/api/chats/:id',
    { schema: { tags: ['chat'], params: schemas.idParams, body: chatSettingsBody } },
    async (request) => {
      const actor = requireActor(request);
      await updateChatSettings(db, services.clock, actor.userId, request.params.id, request.body);
      return { chat: publicChat(await getOwnChat(db, actor.userId, request.params.id)) };
    },
  );

  app.delete(
    '/api/chats/:id',
    { schema: { tags: ['chat'], params: schemas.idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const chat = await deleteChat(db, actor.userId, request.params.id);
      services.chat.history.forget(request.params.id);
      await followChatDeletion(stages.memory, actor, chat);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/chats/:id/messages',
    { schema: { tags: ['chat'], params: schemas.idParams, querystring: schemas.historyQuery } },
    async (request) => {
      const actor = requireActor(request);
      const chat = await getOwnChat(db, actor.userId, request.params.id);
      const page = await pageMessages(db, chat.id, request.query);
      return { messages: page.messages.map(publicMessage), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/api/chats/:id/messages',
    {
      config: { runsTurn: true },
      schema: { tags: ['chat'], params: schemas.idParams, body: schemas.sendMessageBody(maxChars) },
    },
    (request, reply) =>
      streamTurn(request, reply, request.params.id, { type: 'send', content: request.body.content }),
  );

  app.post(
    '/api/chats/:id/regenerate',
    { config: { runsTurn: true }, schema: { tags: ['chat'], params: schemas.idParams } },
    (request, reply) => streamTurn(request, reply, request.params.id, { type: 'regenerate' }),
  );

  app.post(
    '/api/chats/:id/continue',
    { config: { runsTurn: true }, schema: { tags: ['chat'], params: schemas.idParams } },
    (request, reply) => streamTurn(request, reply, request.params.id, { type: 'continue' }),
  );

  app.post(
    '/api/messages/:id/swipe',
    { schema: { tags: ['chat'], params: schemas.idParams, body: schemas.swipeBody } },
    async (request) => {
      const actor = requireActor(request);
      const message = await selectSwipe(
        db,
        services.clock,
        actor.userId,
        request.params.id,
        request.body.index,
      );
      await followHistoryChange(db, stages.memory, actor, {
        chatId: message.chat_id,
        characterId: message.character_id,
        changedMessageId: message.id,
      });
      return { message: publicMessage(message) };
    },
  );

  app.patch(
    '/api/messages/:id',
    { schema: { tags: ['chat'], params: schemas.idParams, body: schemas.editMessageBody(maxChars) } },
    async (request) => {
      const actor = requireActor(request);
      await moderateEdit(
        { db, characters, moderation: services.chat.stages.moderation },
        actor,
        request.params.id,
        request.body.content,
      );
      const before = await getOwnMessage(db, actor.userId, request.params.id);
      const removed = request.body.truncateAfter ? await messageIdsAfter(db, before.chat_id, before.id) : [];
      const message = await editMessage(db, services.clock, actor.userId, request.params.id, request.body);
      await followHistoryChange(db, stages.memory, actor, {
        chatId: message.chat_id,
        characterId: before.character_id,
        changedMessageId: message.id,
        removedMessageIds: removed,
      });
      return { message: publicMessage(message) };
    },
  );

  app.delete(
    '/api/messages/:id',
    { schema: { tags: ['chat'], params: schemas.idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const message = await deleteMessage(db, actor.userId, request.params.id);
      await followHistoryChange(db, stages.memory, actor, {
        chatId: message.chat_id,
        characterId: message.character_id,
        removedMessageIds: [message.id],
      });
      return reply.status(204).send();
    },
  );
}

function greetingMessage(chatId: string, greetings: string[], now: string) {
  const message = newMessageRow({
    id: newId(),
    chatId,
    role: 'assistant',
    content: greetings[0] ?? '',
    status: 'complete',
    kind: 'plain',
    createdAt: now,
  });
  message.swipes = JSON.stringify(
    greetings.map((content) => ({ content, status: 'complete', createdAt: now })),
  );
  return message;
}
