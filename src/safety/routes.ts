import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../accounts/index.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { Services } from '../services.js';
import {
  type EnforcementDeps,
  addStrike,
  assertMayEnforce,
  banUser,
  enforcementOptionsFrom,
  suspendUser,
} from './enforcement.js';
import {
  DEFAULT_SAFE_REPLIES,
  DEFAULT_TEMPLATE_KEY,
  listSafeReplyTemplates,
  saveSafeReplyTemplate,
} from './safe-replies.js';
import { appendAudit } from './store/audit.js';
import { registerUserEnforcementRoutes } from './user-routes.js';
import { registerAppealRoutes } from './appeal-routes.js';
import { findModerationItem, insertModerationItem, listQueue, setItemDecision } from './store/items.js';

export interface SafetyRoutesOptions {
  services: Services;
  /** Owner of a character (characters layer), for reports and safe-reply editing. */
  characterOwner?: (characterId: string) => Promise<string | null>;
  /** Takes a character down (characters layer: lock it). */
  takedownCharacter?: (characterId: string, moderatorId: string) => Promise<void>;
}

const reportBody = z
  .strictObject({
    characterId: z.string().min(1).max(64).optional(),
    chatId: z.string().min(1).max(64).optional(),
    messageId: z.string().min(1).max(64).optional(),
    reason: z.enum([
      'minor_safety',
      'sexual',
      'self_harm',
      'violence',
      'hate',
      'harassment',
      'illegal',
      'privacy',
      'spam',
      'other',
    ]),
    details: z.string().max(2000).default(''),
    /** The reported text as the reporter saw it. */
    excerpt: z.string().max(8000).default(''),
  })
  .refine((body) => body.characterId || body.messageId, {
    message: 'a report is about a message (messageId) or a character (characterId)',
  });

const decisionBody = z.strictObject({
  decision: z.enum(['dismiss', 'uphold', 'escalate']),
  note: z.string().max(2000).optional(),
  strike: z.boolean().default(false),
  suspendDays: z.number().int().min(1).max(3650).optional(),
  ban: z.boolean().default(false),
  takedownCharacter: z.boolean().default(false),
});

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const templateBody = z.strictObject({ template: z.string().min(1).max(2000) });
const templateCodes = [
  DEFAULT_TEMPLATE_KEY,
  ...Object.keys(DEFAULT_SAFE_REPLIES).filter((code) => code !== 'self_harm_support'),
];

/** Reports, the review queue, decisions, user enforcement, audit log and safe-reply templates. */
export async function safetyRoutes(fastify: FastifyInstance, options: SafetyRoutesOptions): Promise<void> {
  const { services } = options;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = services.db.kysely;
  const clock = services.clock;
  const config = services.config.safety;
  const deps: EnforcementDeps = {
    db,
    clock,
    enforcement: enforcementOptionsFrom(config),
  };

  app.post('/api/reports', { schema: { tags: ['safety'], body: reportBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = request.body;
    const subject =
      body.characterId && options.characterOwner ? await options.characterOwner(body.characterId) : null;
    const id = await insertModerationItem(db, clock, {
      source: 'report',
      direction: 'report',
      subjectUserId: subject && subject !== actor.userId ? subject : null,
      reporterId: actor.userId,
      characterId: body.characterId ?? null,
      chatId: body.chatId ?? null,
      messageId: body.messageId ?? null,
      content: [body.excerpt, body.details].filter(Boolean).join('\n\n— reporter: '),
      actionTaken: 'reported',
      reason: body.reason,
    });
    await appendAudit(db, clock, {
      actorId: actor.userId,
      action: 'report.created',
      itemId: id,
      details: { reason: body.reason },
    });
    return reply.status(201).send({ id });
  });

  app.get(
    '/api/moderation/queue',
    {
      schema: {
        tags: ['safety'],
        querystring: z.strictObject({
          status: z.enum(['pending', 'dismissed', 'upheld', 'escalated']).default('pending'),
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          /** Only items where a crisis reply was sent (someone may be at risk). */
          urgent: z
            .enum(['true', 'false'])
            .optional()
            .transform((value) => value === 'true'),
        }),
      },
    },
    async (request) => {
      requireRole(request, 'moderator');
      const items = await listQueue(db, clock, request.query);
      return { items, nextCursor: items.length === request.query.limit ? items[items.length - 1].id : null };
    },
  );

  app.post(
    '/api/moderation/items/:id/decision',
    { schema: { tags: ['safety'], params: idParams, body: decisionBody } },
    async (request) => {
      const moderator = requireRole(request, 'moderator');
      const item = await findModerationItem(db, request.params.id);
      if (!item) throw new NotFound('item_not_found', 'No such moderation item.');
      if (item.status !== 'pending' && item.status !== 'escalated') {
        throw new Conflict('item_already_decided', 'This item has already been decided.');
      }
      const body = request.body;
      const status =
        body.decision === 'dismiss' ? 'dismissed' : body.decision === 'uphold' ? 'upheld' : 'escalated';
      const subject = item.subject_user_id;
      if (subject && body.decision === 'uphold' && (body.strike || body.suspendDays || body.ban)) {
        await assertMayEnforce(db, moderator, subject);
      }
      await setItemDecision(db, clock, item.id, { status, by: moderator.userId, note: body.note ?? null });
      if (body.decision === 'dismiss') {
        // An automatic strike from a flag the moderator rejected no longer counts.
        await db
          .updateTable('strikes')
          .set({ revoked_at: clock.now().toISOString() })
          .where('item_id', '=', item.id)
          .execute();
      }
      await appendAudit(db, clock, {
        actorId: moderator.userId,
        action: `item.${status}`,
        subjectUserId: subject,
        itemId: item.id,
        details: {
          note: body.note ?? null,
          strike: body.strike,
          suspendDays: body.suspendDays ?? null,
          ban: body.ban,
        },
      });
      let enforcement: string = 'none';
      if (subject && body.decision === 'uphold') {
        if (body.strike)
          enforcement = (
            await addStrike(deps, {
              userId: subject,
              itemId: item.id,
              reason: item.reason,
              actorId: moderator.userId,
            })
          ).outcome;
        if (body.ban) {
          await banUser(deps, { userId: subject, reason: body.note ?? item.reason, by: moderator.userId });
          enforcement = 'banned';
        } else if (body.suspendDays) {
          await suspendUser(deps, {
            userId: subject,
            reason: body.note ?? item.reason,
            days: body.suspendDays,
            by: moderator.userId,
          });
          enforcement = 'suspended';
        }
      }
      if (body.takedownCharacter && item.character_id) {
        if (!options.takedownCharacter)
          throw new Conflict('takedown_unavailable', 'Character takedown is not configured.');
        await options.takedownCharacter(item.character_id, moderator.userId);
        await appendAudit(db, clock, {
          actorId: moderator.userId,
          action: 'character.takedown',
          itemId: item.id,
          details: { characterId: item.character_id },
        });
      }
      return { id: item.id, status, enforcement };
    },
  );

  registerUserEnforcementRoutes(app, { db, clock, deps });
  registerAppealRoutes(app, { db, clock });

  async function assertMayEditReplies(actorId: string, isModerator: boolean, characterId: string) {
    if (isModerator) return;
    const owner = options.characterOwner ? await options.characterOwner(characterId) : null;
    if (owner !== actorId)
      throw new Forbidden('forbidden', 'Only the character’s creator can edit its safe replies.');
  }

  app.get(
    '/api/safety/characters/:id/safe-replies',
    { schema: { tags: ['safety'], params: idParams } },
    async (request) => {
      const actor = requireActor(request);
      await assertMayEditReplies(
        actor.userId,
        actor.role === 'moderator' || actor.role === 'admin',
        request.params.id,
      );
      return {
        defaults: DEFAULT_SAFE_REPLIES,
        overrides: await listSafeReplyTemplates(db, request.params.id),
      };
    },
  );

  app.put(
    '/api/safety/characters/:id/safe-replies/:code',
    {
      schema: {
        tags: ['safety'],
        params: z.strictObject({
          id: z.string().min(1).max(64),
          code: z.enum(templateCodes as [string, ...string[]]),
        }),
        body: templateBody,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await assertMayEditReplies(
        actor.userId,
        actor.role === 'moderator' || actor.role === 'admin',
        request.params.id,
      );
      await saveSafeReplyTemplate(db, clock, {
        characterId: request.params.id,
        code: request.params.code,
        template: request.body.template,
        by: actor.userId,
      });
      return { code: request.params.code, template: request.body.template };
    },
  );
}
