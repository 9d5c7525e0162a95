import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { NotFound } from '../errors.js';
import {
  type EnforcementDeps,
  activeStrikeCount,
  assertMayEnforce,
  banUser,
  reinstateUser,
  suspendUser,
} from './enforcement.js';
import { appendAudit, listAudit } from './store/audit.js';

const reasonBody = z.strictObject({ reason: z.string().min(3).max(500) });
const suspendBody = z.strictObject({
  reason: z.string().min(3).max(500),
  days: z.number().int().min(1).max(3650).optional(),
});
const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Moderator actions on accounts (suspend, ban, warn, reinstate), a user's record, the audit log. */
export function registerUserEnforcementRoutes(
  fastify: FastifyInstance,
  { db, clock, deps }: { db: Kysely<Database>; clock: Clock; deps: EnforcementDeps },
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/moderation/users/:id/suspend',
    { schema: { tags: ['safety'], params: idParams, body: suspendBody } },
    async (request) => {
      const moderator = requireRole(request, 'moderator');
      await assertMayEnforce(db, moderator, request.params.id);
      const { endsAt } = await suspendUser(deps, {
        userId: request.params.id,
        reason: request.body.reason,
        days: request.body.days ?? null,
        by: moderator.userId,
      });
      return { status: 'suspended', endsAt };
    },
  );

  app.post(
    '/api/moderation/users/:id/ban',
    { schema: { tags: ['safety'], params: idParams, body: reasonBody } },
    async (request) => {
      const moderator = requireRole(request, 'moderator');
      await assertMayEnforce(db, moderator, request.params.id);
      await banUser(deps, { userId: request.params.id, reason: request.body.reason, by: moderator.userId });
      return { status: 'banned' };
    },
  );

  app.post(
    '/api/moderation/users/:id/warn',
    { schema: { tags: ['safety'], params: idParams, body: reasonBody } },
    async (request) => {
      const moderator = requireRole(request, 'moderator');
      await assertMayEnforce(db, moderator, request.params.id);
      await appendAudit(db, clock, {
        actorId: moderator.userId,
        action: 'user.warned',
        subjectUserId: request.params.id,
        details: { reason: request.body.reason },
      });
      return { status: 'warned' };
    },
  );

  app.post(
    '/api/moderation/users/:id/reinstate',
    {
      schema: {
        tags: ['safety'],
        params: idParams,
        body: z.strictObject({ note: z.string().max(500).default('') }),
      },
    },
    async (request) => {
      const moderator = requireRole(request, 'moderator');
      await assertMayEnforce(db, moderator, request.params.id);
      await reinstateUser(deps, { userId: request.params.id, by: moderator.userId, note: request.body.note });
      return { status: 'active' };
    },
  );

  app.get(
    '/api/moderation/users/:id',
    { schema: { tags: ['safety'], params: idParams } },
    async (request) => {
      requireRole(request, 'moderator');
      const user = await db
        .selectFrom('users')
        .select(['id', 'display_name', 'status', 'status_reason', 'role'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!user) throw new NotFound('user_not_found', 'No such user.');
      return {
        id: user.id,
        displayName: user.display_name,
        role: user.role,
        status: user.status,
        statusReason: user.status_reason,
        activeStrikes: await activeStrikeCount(db, clock, user.id),
        audit: await listAudit(db, { subjectUserId: user.id, limit: 50 }),
      };
    },
  );

  app.get(
    '/api/moderation/audit',
    {
      schema: {
        tags: ['safety'],
        querystring: z.strictObject({
          userId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (request) => {
      requireRole(request, 'moderator');
      return {
        entries: await listAudit(db, { subjectUserId: request.query.userId, limit: request.query.limit }),
      };
    },
  );
}
