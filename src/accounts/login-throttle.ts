import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { RateLimited } from '../errors.js';

/**
 * Login backoff kept in the database (so it holds across nodes), per key (account + client address):
 * after `freeAttempts` failures each further failure locks that key for 2^n seconds, capped at 15 minutes.
 */
export interface ThrottleDeps {
  db: Kysely<Database>;
  clock: Clock;
  freeAttempts: number;
}

const MAX_LOCK_SECONDS = 15 * 60;

export async function assertLoginAllowed(deps: ThrottleDeps, key: string): Promise<void> {
  const row = await deps.db
    .selectFrom('login_throttle')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row?.locked_until) return;
  const remainingMs = new Date(row.locked_until).getTime() - deps.clock.now().getTime();
  if (remainingMs > 0) {
    const seconds = Math.ceil(remainingMs / 1000);
    throw new RateLimited(`Too many failed logins. Try again in ${seconds} seconds.`, seconds);
  }
}

export async function recordLoginFailure(deps: ThrottleDeps, key: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const failures = (row?.failures ?? 0) + 1;
    const excess = failures - deps.freeAttempts;
    const lockedUntil =
      excess > 0
        ? new Date(now.getTime() + Math.min(2 ** (excess - 1), MAX_LOCK_SECONDS) * 1000).toISOString()
        : null;
    const values = { failures, last_failure_at: now.toISOString(), locked_until: lockedUntil };
    if (row) await trx.updateTable('login_throttle').set(values).where('key', '=', key).execute();
    else
      await trx
        .insertInto('login_throttle')
        .values({ key, ...values })
        .execute();
  });
}

export async function clearLoginFailures(deps: ThrottleDeps, key: string): Promise<void> {
  await deps.db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
