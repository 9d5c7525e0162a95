import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../accounts/index.js';
import type { Services } from '../services.js';
import { assemblePrompt } from './assemble-prompt.js';
import { cardRoutes } from './card-routes.js';
import { canSeeHidden } from './character-access.js';
import { isFavourite, loadRelationship } from './character-extras.js';
import {
  characterNotFound,
  getEditableCharacter,
  getViewableCharacter,
  saveCharacterEdit,
  validateDesignDoc,
} from './character-service.js';
import {
  createCharacter,
  deleteCharacter,
  docOf,
  findCharacter,
  setCharacterState,
} from './character-store.js';
import { listCatalog } from './catalog.js';
import { estimateTokens } from './chat-api.js';
import { removeAvatarFiles } from './avatar.js';
import { greetingFor } from './design-doc.js';
import { presentCharacter, presentListItem } from './present.js';
import { characterSocialRoutes } from './social-routes.js';

const idParams = z.strictObject({ id: z.string().min(1).max(120) });
const catalogQuery = z.strictObject({
  q: z.string().max(200).optional(),
  tag: z.string().max(32).optional(),
  rating: z.enum(['sfw', 'nsfw']).optional(),
  sort: z.enum(['popular', 'new', 'trending']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  mine: z.enum(['true', 'false']).optional(),
});
// The doc is validated in the handler so an underage persona gets its own code, not `validation_failed`.
const createBody = z.strictObject({
  doc: z.record(z.string(), z.unknown()),
  allowFork: z.boolean().optional(),
});
const patchBody = z.strictObject({
  doc: z.record(z.string(), z.unknown()).optional(),
  allowFork: z.boolean().optional(),
});
const publishBody = z.strictObject({ visibility: z.enum(['public', 'unlisted']).optional() }).optional();
const tags = ['characters'];

/** The characters layer's HTTP API (issue 4): catalog, CRUD, publish, moderation locks, prompt preview; social routes and cards are child plugins. */
export async function characterRoutes(
  fastify: FastifyInstance,
  options: { services: Services },
): Promise<void> {
  const { services } = options;
  const { clock, config } = services;
  const db = services.db.kysely;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploadLimit, files: 1, fields: 10 } });

  app.get('/api/characters', { schema: { tags, querystring: catalogQuery } }, async (request) => {
    const { mine, ...query } = request.query;
    const page = await listCatalog(db, request.actor, { ...query, mine: mine === 'true' });
    return { items: page.items.map(presentListItem), nextCursor: page.nextCursor };
  });

  app.post('/api/characters', { schema: { tags, body: createBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const doc = validateDesignDoc(request.body.doc);
    const row = await createCharacter(
      db,
      actor.userId,
      { ...doc, status: 'draft' },
      {
        clock,
        allowFork: request.body.allowFork,
      },
    );
    return reply.status(201).send({ character: presentCharacter(row, actor) });
  });

  app.get('/api/characters/:id', { schema: { tags, params: idParams } }, async (request) => {
    const row = await getViewableCharacter(db, request.actor, request.params.id);
    const favourite = request.actor ? await isFavourite(db, request.actor.userId, row.id) : false;
    const creator = await db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', row.owner_id)
      .executeTakeFirst();
    return {
      character: presentCharacter({ ...row, creator_name: creator?.display_name }, request.actor, {
        isFavourite: favourite,
      }),
    };
  });

  app.patch(
    '/api/characters/:id',
    { schema: { tags, params: idParams, body: patchBody } },
    async (request) => {
      const actor = requireActor(request);
      const row = await getEditableCharacter(db, actor, request.params.id);
      const updated = await saveCharacterEdit(db, actor, row, request.body, clock);
      return { character: presentCharacter(updated, actor) };
    },
  );

  app.delete('/api/characters/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const row = await getEditableCharacter(db, actor, request.params.id);
    await deleteCharacter(db, row);
    await removeAvatarFiles(config.dataDir, [row.avatar_path, row.avatar_thumb_path]);
    return reply.status(204).send();
  });

  app.post(
    '/api/characters/:id/publish',
    { schema: { tags, params: idParams, body: publishBody } },
    async (request) => {
      const actor = requireActor(request);
      const row = await getEditableCharacter(db, actor, request.params.id);
      validateDesignDoc(JSON.parse(row.doc));
      const visibility =
        request.body?.visibility ?? (row.visibility === 'private' ? 'public' : row.visibility);
      const updated = await setCharacterState(db, row, { status: 'published', visibility }, clock);
      return { character: presentCharacter(updated, actor) };
    },
  );

  app.post('/api/characters/:id/unpublish', { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const row = await getEditableCharacter(db, actor, request.params.id);
    const updated = await setCharacterState(db, row, { status: 'draft' }, clock);
    return { character: presentCharacter(updated, actor) };
  });

  app.post('/api/characters/:id/lock', { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireRole(request, 'moderator');
    const row = await findCharacter(db, request.params.id);
    if (!row) throw characterNotFound();
    if (row.status === 'locked') return { character: presentCharacter(row, actor) };
    const updated = await setCharacterState(
      db,
      row,
      { status: 'locked', statusBeforeLock: row.status },
      clock,
    );
    request.log.info({ characterId: row.id, moderatorId: actor.userId }, 'character locked');
    return { character: presentCharacter(updated, actor) };
  });

  app.post('/api/characters/:id/unlock', { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireRole(request, 'moderator');
    const row = await findCharacter(db, request.params.id);
    if (!row) throw characterNotFound();
    const status = row.status === 'locked' ? (row.status_before_lock ?? 'draft') : row.status;
    const updated = await setCharacterState(db, row, { status, statusBeforeLock: null }, clock);
    request.log.info({ characterId: row.id, moderatorId: actor.userId }, 'character unlocked');
    return { character: presentCharacter(updated, actor) };
  });

  app.get('/api/characters/:id/prompt-preview', { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const row = await getViewableCharacter(db, actor, request.params.id);
    if (!canSeeHidden(actor, row)) throw characterNotFound();
    const doc = docOf(row);
    const relationship = await loadRelationship(db, actor.userId, row.id);
    const assembled = assemblePrompt({
      doc,
      rules: doc.runtime,
      relationship,
      lorebookHits: [],
      memory: '',
      history: [],
      safetyPreamble: '',
      userName: actor.displayName,
      budgetTokens: 1_000_000,
      countTokens: estimateTokens,
    });
    return {
      systemPrompt: assembled.systemPrompt,
      tokens: assembled.tokens,
      tokenCounter: 'estimate',
      greeting: greetingFor(doc, actor.displayName),
    };
  });

  await app.register(characterSocialRoutes, { services });
  await app.register(cardRoutes, { services });
}
