import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { Database, UserRow } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import { hashToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'hearth_session';

export interface SessionDeps {
  db: Kysely<Database>;
  clock: Clock;
  secret: string;
  ttlHours: number;
}

/** Creates a session and returns the raw cookie token; only its keyed hash is stored. */
export async function createSession(
  deps: SessionDeps,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.ttlHours * 3_600_000);
  await deps.db
    .insertInto('sessions')
    .values({
      id: hashToken(deps.secret, token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}

// Every authenticated request runs it.
const sessionWithUser = preparedQuery<
  { sessionId: string },
  UserRow & { session_expires_at: string; session_revoked_at: string | null }
>((db, slot) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.expires_at as session_expires_at', 'sessions.revoked_at as session_revoked_at'])
    .where('sessions.id', '=', slot('sessionId')),
);

/**
 * The session's user, or undefined. A session revoked by a ban still names its (banned) user, so the
 * caller is told `account_banned` rather than turned anonymous; once the ban is lifted it is dead.
 */
export async function resolveSession(
  deps: SessionDeps,
  token: string,
): Promise<{ user: UserRow; sessionId: string } | undefined> {
  const sessionId = hashToken(deps.secret, token);
  const [row] = (await sessionWithUser(deps.db, { sessionId })).rows;
  if (!row) return undefined;
  if (row.session_expires_at <= isoNow(deps.clock)) {
    await deleteSession(deps, sessionId);
    return undefined;
  }
  const { session_expires_at: _expires, session_revoked_at: revokedAt, ...user } = row;
  if (revokedAt !== null && user.status !== 'banned') return undefined;
  return { user, sessionId };
}

export async function deleteSession(deps: Pick<SessionDeps, 'db'>, sessionId: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export function sessionIdOf(deps: Pick<SessionDeps, 'secret'>, token: string): string {
  return hashToken(deps.secret, token);
}

export async function deleteUserSessions(
  db: Kysely<Database>,
  userId: string,
  exceptId?: string,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  await query.execute();
}

/** A ban: every session of the user stops working for good (issue 13 item 2). */
export async function revokeUserSessions(db: Kysely<Database>, clock: Clock, userId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: isoNow(clock) })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
