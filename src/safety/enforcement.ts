import type { SafetyConfig } from './config.js';
import type { Kysely } from 'kysely';
import { type Actor, findUserById, hasRole, revokeAllCredentials, updateUser } from '../accounts/index.js';
import { type Clock, isoNow } from '../clock.js';
import type { Database } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import { Forbidden, NotFound } from '../errors.js';
import { newId } from '../ids.js';
import { appendAudit } from './store/audit.js';

/** Strike thresholds and appeal text (HEARTH_SAFETY_STRIKES_* options). */
export interface EnforcementOptions {
  strikesToSuspend: number;
  suspendDays: number;
  strikesToBan: number;
  /** Strikes older than this stop counting; 0 = they never expire. */
  strikeTtlDays: number;
  /** Shown with every suspension: how to appeal. */
  appeal: string;
}

/** The enforcement thresholds configured with HEARTH_SAFETY_* options. */
export function enforcementOptionsFrom(config: SafetyConfig): EnforcementOptions {
  return {
    strikesToSuspend: config.strikesToSuspend,
    suspendDays: config.suspendDays,
    strikesToBan: config.strikesToBan,
    strikeTtlDays: config.strikeTtlDays,
    appeal: config.appeal ?? 'Contact the moderators to appeal.',
  };
}

export const defaultEnforcementOptions: EnforcementOptions = {
  strikesToSuspend: 3,
  suspendDays: 7,
  strikesToBan: 6,
  strikeTtlDays: 90,
  appeal: 'If you think this is a mistake, reply to the notice email or contact the moderators to appeal.',
};

export interface EnforcementDeps {
  db: Kysely<Database>;
  clock: Clock;
  enforcement: EnforcementOptions;
}

export type EnforcementOutcome = 'none' | 'suspended' | 'banned';

// Every turn's input moderation asks (db/prepared.ts).
const countActiveStrikes = preparedQuery<{ userId: string; now: string }, { count: number }>((db, slot) =>
  db
    .selectFrom('strikes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', slot('userId'))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', slot('now'))])),
);

export async function activeStrikeCount(db: Kysely<Database>, clock: Clock, userId: string): Promise<number> {
  const [row] = (await countActiveStrikes(db, { userId, now: isoNow(clock) })).rows;
  return Number(row?.count ?? 0);
}

/** Records a strike and applies the thresholds: N strikes → timed suspension, M → ban. */
export async function addStrike(
  deps: EnforcementDeps,
  input: { userId: string; itemId: string | null; reason: string; actorId: string | null },
): Promise<{ strikes: number; outcome: EnforcementOutcome }> {
  const { db, clock, enforcement } = deps;
  const now = clock.now();
  await db
    .insertInto('strikes')
    .values({
      id: newId(),
      user_id: input.userId,
      item_id: input.itemId,
      reason: input.reason,
      created_at: now.toISOString(),
      expires_at:
        enforcement.strikeTtlDays > 0
          ? new Date(now.getTime() + enforcement.strikeTtlDays * 86_400_000).toISOString()
          : null,
      revoked_at: null,
    })
    .execute();
  await appendAudit(db, clock, {
    actorId: input.actorId,
    action: 'strike.added',
    subjectUserId: input.userId,
    itemId: input.itemId,
    details: { reason: input.reason },
  });
  const strikes = await activeStrikeCount(db, clock, input.userId);
  if (strikes >= enforcement.strikesToBan) {
    await banUser(deps, { userId: input.userId, reason: `Repeated violations (${input.reason}).`, by: null });
    return { strikes, outcome: 'banned' };
  }
  if (strikes >= enforcement.strikesToSuspend) {
    await suspendUser(deps, {
      userId: input.userId,
      reason: `Repeated violations (${input.reason}).`,
      days: enforcement.suspendDays,
      by: null,
    });
    return { strikes, outcome: 'suspended' };
  }
  return { strikes, outcome: 'none' };
}

export async function suspendUser(
  deps: EnforcementDeps,
  input: { userId: string; reason: string; days: number | null; by: string | null },
): Promise<{ endsAt: string | null }> {
  const { db, clock } = deps;
  const now = clock.now();
  const endsAt = input.days ? new Date(now.getTime() + input.days * 86_400_000).toISOString() : null;
  await closeOpenSuspensions(db, clock, input.userId, input.by);
  await db
    .insertInto('suspensions')
    .values({
      id: newId(),
      user_id: input.userId,
      kind: 'suspension',
      reason: input.reason,
      ends_at: endsAt,
      created_by: input.by,
      created_at: now.toISOString(),
      lifted_at: null,
      lifted_by: null,
    })
    .execute();
  await updateUser(db, clock, input.userId, { status: 'suspended', status_reason: input.reason });
  await appendAudit(db, clock, {
    actorId: input.by,
    action: 'user.suspended',
    subjectUserId: input.userId,
    details: { reason: input.reason, endsAt },
  });
  return { endsAt };
}

export async function banUser(
  deps: EnforcementDeps,
  input: { userId: string; reason: string; by: string | null },
): Promise<void> {
  const { db, clock } = deps;
  await closeOpenSuspensions(db, clock, input.userId, input.by);
  await db
    .insertInto('suspensions')
    .values({
      id: newId(),
      user_id: input.userId,
      kind: 'ban',
      reason: input.reason,
      ends_at: null,
      created_by: input.by,
      created_at: isoNow(clock),
      lifted_at: null,
      lifted_by: null,
    })
    .execute();
  await updateUser(db, clock, input.userId, { status: 'banned', status_reason: input.reason });
  // Sessions and keys are revoked, not only refused: lifting the ban does not bring them back.
  await revokeAllCredentials(db, clock, input.userId);
  await appendAudit(db, clock, {
    actorId: input.by,
    action: 'user.banned',
    subjectUserId: input.userId,
    details: { reason: input.reason },
  });
}

export async function reinstateUser(
  deps: EnforcementDeps,
  input: { userId: string; by: string | null; note: string },
): Promise<void> {
  const { db, clock } = deps;
  await closeOpenSuspensions(db, clock, input.userId, input.by);
  await updateUser(db, clock, input.userId, { status: 'active', status_reason: null });
  await appendAudit(db, clock, {
    actorId: input.by,
    action: 'user.reinstated',
    subjectUserId: input.userId,
    details: { note: input.note },
  });
}

async function closeOpenSuspensions(db: Kysely<Database>, clock: Clock, userId: string, by: string | null) {
  await db
    .updateTable('suspensions')
    .set({ lifted_at: isoNow(clock), lifted_by: by })
    .where('user_id', '=', userId)
    .where('lifted_at', 'is', null)
    .execute();
}

/** Moderators act on users; only admins act on moderators and admins. */
export async function assertMayEnforce(
  db: Kysely<Database>,
  moderator: Actor,
  userId: string,
): Promise<void> {
  const target = await findUserById(db, userId);
  if (!target || target.status === 'deleted') throw new NotFound('user_not_found', 'No such user.');
  if (target.id === moderator.userId) throw new Forbidden('forbidden', 'You cannot act on your own account.');
  if (target.role === 'moderator' || target.role === 'admin') {
    if (!hasRole(moderator, 'admin'))
      throw new Forbidden('forbidden', 'Only admins can act on staff accounts.');
  }
}

/**
 * The authorize-stage check (synchronous, from the actor alone): a suspended or banned user may not
 * chat. Throws `Forbidden` with code `account_suspended` / `account_banned`, the reason in the
 * message, and the reason and how to appeal in `details`. Call `liftEndedSuspension` first so a
 * timed suspension that has run out does not block.
 */
export function assertMayChat(
  actor: Pick<Actor, 'status' | 'statusReason'>,
  appeal: string = defaultEnforcementOptions.appeal,
): void {
  if (actor.status === 'active') return;
  const reason = actor.statusReason ?? 'policy violations';
  if (actor.status === 'banned') {
    throw new Forbidden('account_banned', `Your account is banned: ${reason}`, {
      reason: actor.statusReason,
      appeal,
    });
  }
  if (actor.status === 'suspended') {
    throw new Forbidden('account_suspended', `Your account is suspended: ${reason}`, {
      reason: actor.statusReason,
      appeal,
    });
  }
  throw new Forbidden('account_unavailable', 'This account cannot chat.');
}

/**
 * Ends a timed suspension whose time is up (there is no background job: it is lifted on the user's
 * next turn). Returns the actor with its current status.
 */
export async function liftEndedSuspension<T extends Pick<Actor, 'userId' | 'status' | 'statusReason'>>(
  deps: EnforcementDeps,
  actor: T,
): Promise<T> {
  if (actor.status !== 'suspended') return actor;
  const open = await deps.db
    .selectFrom('suspensions')
    .select(['ends_at'])
    .where('user_id', '=', actor.userId)
    .where('kind', '=', 'suspension')
    .where('lifted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!open?.ends_at || open.ends_at > isoNow(deps.clock)) return actor;
  await reinstateUser(deps, { userId: actor.userId, by: null, note: 'suspension ended' });
  return { ...actor, status: 'active', statusReason: null };
}
