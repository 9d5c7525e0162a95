import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../accounts/index.js';
import { isoNow } from '../clock.js';
import { BadRequest, NotFound, PayloadTooLarge } from '../errors.js';
import { personaForChat } from '../personas/index.js';
import type { Services } from '../services.js';
import { branchChat } from './branch-chat.js';
import { type ChatExportFormat, exportChat } from './chat-export.js';
import { parseChatFile } from './chat-import-parse.js';
import { importChat } from './chat-import.js';
import { getOwnChat, publicChat } from './chat-store.js';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const exportQuery = z.strictObject({ format: z.enum(['st-jsonl', 'json', 'md']).default('json') });
const importQuery = z.strictObject({
  characterId: z.string().min(1).max(200).optional(),
  personaId: z.string().min(1).max(64).optional(),
});
const tags = ['chat'];

/** Branches, chat export and chat import (issue 20 items 5 and 6). */
export async function chatTransferRoutes(
  fastify: FastifyInstance,
  options: { services: Services },
): Promise<void> {
  const { services } = options;
  const db = services.db.kysely;
  const { characters } = services.chat;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const uploadLimit = services.config.uploadLimit;
  await app.register(fastifyMultipart, { limits: { fileSize: uploadLimit, files: 1, fields: 5 } });

  app.post('/api/messages/:id/branch', { schema: { tags, params: idParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const chat = await branchChat(db, services.clock, actor.userId, request.params.id);
    const card = (await characters.describe([chat.character_id])).get(chat.character_id);
    return reply.status(201).send({
      chat: { ...publicChat(chat), characterName: card?.name ?? 'Unavailable character' },
    });
  });

  app.get(
    '/api/chats/:id/export',
    { schema: { tags, params: idParams, querystring: exportQuery } },
    async (request, reply) => {
      const actor = requireActor(request);
      const chat = await getOwnChat(db, actor.userId, request.params.id);
      const messages = await db
        .selectFrom('messages')
        .selectAll()
        .where('chat_id', '=', chat.id)
        .orderBy('id')
        .execute();
      const persona = await personaForChat(db, actor.userId, chat.persona_id);
      const card = (await characters.describe([chat.character_id])).get(chat.character_id);
      const names = { user: persona?.name ?? actor.displayName, character: card?.name ?? 'Character' };
      const file = exportChat(request.query.format as ChatExportFormat, chat, messages, names);
      const filename = `${
        chat.title
          .replace(/[^\p{L}\p{N} _-]+/gu, '')
          .trim()
          .slice(0, 60) || 'chat'
      }.${file.extension}`;
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="chat.${file.extension}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(file.body);
    },
  );

  app.post('/api/chats/import', { schema: { tags, querystring: importQuery } }, async (request, reply) => {
    const actor = requireActor(request);
    const upload = await readChatUpload(request, uploadLimit);
    const characterId = request.query.characterId ?? upload.fields.characterId;
    if (!characterId)
      throw new BadRequest('validation_failed', 'Choose the character the chat is with (characterId).');
    const character = await characters.forChat(actor, characterId);
    const personaId = request.query.personaId ?? upload.fields.personaId;
    if (personaId) {
      const persona = await personaForChat(db, actor.userId, personaId);
      if (persona?.id !== personaId) throw new NotFound('persona_not_found', 'No persona with that id.');
    }
    const parsed = parseChatFile(upload.text, isoNow(services.clock));
    const result = await importChat(db, services.clock, {
      userId: actor.userId,
      characterId: character.id,
      personaId: personaId ?? null,
      title: parsed.title ?? `${character.name} (imported)`,
      messages: parsed.messages,
    });
    // Memory is built from the imported turns by the normal jobs, as if they had just been said.
    for (const pair of result.exchanges) {
      services.chat.stages.memory.afterTurn({
        actor,
        characterId: character.id,
        chatId: result.chat.id,
        ...pair,
      });
    }
    return reply.status(201).send({
      chat: { ...publicChat(result.chat), characterName: character.name },
      format: parsed.format,
      imported: parsed.messages.length,
    });
  });
}

/** One multipart file field `file` (fields before it may name `characterId`, `personaId`). */
async function readChatUpload(request: FastifyRequest, limit: number) {
  const usage = 'Send the chat file as multipart/form-data in a field named "file".';
  if (!request.isMultipart()) throw new BadRequest('bad_request', usage);
  const part = await request.file();
  if (part?.fieldname !== 'file') throw new BadRequest('bad_request', usage);
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new PayloadTooLarge('payload_too_large', `The file is larger than ${limit} bytes.`);
    }
    throw error;
  }
  if (part.file.truncated)
    throw new PayloadTooLarge('payload_too_large', `The file is larger than ${limit} bytes.`);
  const fields: Record<string, string | undefined> = {};
  for (const [name, field] of Object.entries(part.fields)) {
    if (field && !Array.isArray(field) && field.type === 'field' && typeof field.value === 'string') {
      fields[name] = field.value;
    }
  }
  return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), fields };
}
