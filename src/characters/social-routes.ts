import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../accounts/index.js';
import type { Services } from '../services.js';
import { canSeeHidden, canView } from './character-access.js';
import {
  addFavourite,
  createReport,
  favouriteIds,
  listOpenReports,
  removeFavourite,
} from './character-extras.js';
import { characterNotFound, forkCharacter, getViewableCharacter } from './character-service.js';
import { findCharacter, listVersions } from './character-store.js';
import { presentCharacter, presentListItem } from './present.js';

const idParams = z.strictObject({ id: z.string().min(1).max(120) });
const reportBody = z.strictObject({
  reason: z.enum([
    'minor',
    'sexual_content',
    'hate',
    'violence',
    'impersonation',
    'spam',
    'copyright',
    'other',
  ]),
  details: z.string().trim().max(2000).default(''),
});
const tags = ['characters'];

/** Routes about other people's characters: fork, version history, favourites and reports (with the moderators' queue). */
export async function characterSocialRoutes(
  fastify: FastifyInstance,
  options: { services: Services },
): Promise<void> {
  const { clock } = options.services;
  const db = options.services.db.kysely;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/characters/:id/fork', { schema: { tags, params: idParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const row = await forkCharacter(db, actor, request.params.id, clock);
    return reply.status(201).send({ character: presentCharacter(row, actor) });
  });

  app.get('/api/characters/:id/versions', { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const row = await getViewableCharacter(db, actor, request.params.id);
    if (!canSeeHidden(actor, row)) throw characterNotFound();
    const versions = await listVersions(db, row.id);
    return {
      versions: versions.map((version) => ({
        version: version.version,
        createdAt: version.created_at,
        authorId: version.author_id,
      })),
    };
  });

  app.post(
    '/api/characters/:id/favourite',
    { schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await getViewableCharacter(db, actor, request.params.id);
      await addFavourite(db, actor.userId, row.id, clock);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/characters/:id/favourite',
    { schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findCharacter(db, request.params.id);
      if (!row) throw characterNotFound();
      await removeFavourite(db, actor.userId, row.id);
      return reply.status(204).send();
    },
  );

  app.get('/api/me/favourites', { schema: { tags } }, async (request) => {
    const actor = requireActor(request);
    const ids = await favouriteIds(db, actor.userId);
    const rows = ids.length
      ? await db
          .selectFrom('characters')
          .innerJoin('users', 'users.id', 'characters.owner_id')
          .selectAll('characters')
          .select('users.display_name as creator_name')
          .where('characters.id', 'in', ids)
          .execute()
      : [];
    const visible = rows.filter((row) => canView(actor, row));
    visible.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    return { items: visible.map(presentListItem) };
  });

  app.post(
    '/api/characters/:id/report',
    { schema: { tags, params: idParams, body: reportBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await getViewableCharacter(db, actor, request.params.id);
      const report = await createReport(
        db,
        {
          reporterId: actor.userId,
          characterId: row.id,
          reason: request.body.reason,
          details: request.body.details,
        },
        clock,
      );
      return reply
        .status(201)
        .send({ report: { id: report.id, status: report.status, createdAt: report.created_at } });
    },
  );

  app.get('/api/moderation/character-reports', { schema: { tags } }, async (request) => {
    requireRole(request, 'moderator');
    const reports = await listOpenReports(db);
    return {
      reports: reports.map((report) => ({
        id: report.id,
        characterId: report.character_id,
        reporterId: report.reporter_id,
        reason: report.reason,
        details: report.details,
        createdAt: report.created_at,
      })),
    };
  });
}
