import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { revokeUserApiKeys } from './api-keys.js';
import { revokeUserSessions } from './sessions.js';

/**
 * A ban ends every way in (issue 13 item 2): sessions and API keys are revoked, not just refused, so
 * lifting the ban later does not bring an attacker's stolen key back to life.
 */
export async function revokeAllCredentials(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
): Promise<void> {
  await revokeUserSessions(db, clock, userId);
  await revokeUserApiKeys(db, clock, userId);
}
