import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireActor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { Conflict } from '../errors.js';
import { appendAudit } from './store/audit.js';
import { insertModerationItem } from './store/items.js';

const appealBody = z.strictObject({ message: z.string().trim().min(10).max(2000) });

/**
 * `POST /api/me/appeal`: a suspended user asks the moderators to look again (one of the few things a
 * suspension allows, issue 13 item 2). It lands in the review queue with reason `appeal`.
 */
export function registerAppealRoutes(
  fastify: FastifyInstance,
  { db, clock }: { db: Kysely<Database>; clock: Clock },
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/me/appeal', { schema: { tags: ['safety'], body: appealBody } }, async (request, reply) => {
    const actor = requireActor(request);
    if (actor.status !== 'suspended') {
      throw new Conflict('not_suspended', 'Only a suspended account can appeal.');
    }
    const pending = await db
      .selectFrom('moderation_items')
      .select('id')
      .where('reporter_id', '=', actor.userId)
      .where('reason', '=', 'appeal')
      .where('status', 'in', ['pending', 'escalated'])
      .executeTakeFirst();
    if (pending) throw new Conflict('appeal_pending', 'Your appeal is already waiting for a moderator.');
    const id = await insertModerationItem(db, clock, {
      source: 'report',
      direction: 'report',
      subjectUserId: actor.userId,
      reporterId: actor.userId,
      content: request.body.message,
      actionTaken: 'appealed',
      reason: 'appeal',
    });
    await appendAudit(db, clock, {
      actorId: actor.userId,
      action: 'appeal.created',
      subjectUserId: actor.userId,
      itemId: id,
      details: {},
    });
    return reply.status(201).send({ id });
  });
}
