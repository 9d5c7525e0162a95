import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { ApiKeyRow, Database, UserRow } from '../db/index.js';
import { NotFound } from '../errors.js';
import { newId } from '../ids.js';
import { hashToken, newToken } from './tokens.js';

export const API_KEY_PREFIX = 'hth_';

export interface ApiKeyDeps {
  db: Kysely<Database>;
  clock: Clock;
  secret: string;
}

/** Returns the raw key exactly once; afterwards only its keyed hash and a display prefix exist. */
export async function createApiKey(deps: ApiKeyDeps, userId: string, name: string) {
  const key = newToken(API_KEY_PREFIX);
  const row: ApiKeyRow = {
    id: newId(),
    user_id: userId,
    name,
    key_hash: hashToken(deps.secret, key),
    prefix: key.slice(0, API_KEY_PREFIX.length + 6),
    created_at: isoNow(deps.clock),
    last_used_at: null,
    revoked_at: null,
  };
  await deps.db.insertInto('api_keys').values(row).execute();
  return { key, row };
}

export function listApiKeys(db: Kysely<Database>, userId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

export async function revokeApiKey(deps: ApiKeyDeps, userId: string, keyId: string): Promise<void> {
  const result = await deps.db
    .updateTable('api_keys')
    .set({ revoked_at: isoNow(deps.clock) })
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n)
    throw new NotFound('api_key_not_found', 'No active API key with that id.');
}

/**
 * The key's user, or undefined for an unknown or revoked key. A key revoked while its user is banned
 * still names the user, so the program using it is told `account_banned` (issue 13 item 2) instead of
 * `invalid_api_key`; after the ban is lifted the key stays dead.
 */
export async function resolveApiKey(deps: ApiKeyDeps, key: string): Promise<UserRow | undefined> {
  const keyHash = hashToken(deps.secret, key);
  const row = await deps.db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('users')
    .select(['api_keys.id as key_id', 'api_keys.revoked_at as key_revoked_at'])
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { key_id: keyId, key_revoked_at: revokedAt, ...user } = row;
  if (revokedAt !== null) return user.status === 'banned' ? user : undefined;
  await deps.db
    .updateTable('api_keys')
    .set({ last_used_at: isoNow(deps.clock) })
    .where('id', '=', keyId)
    .execute();
  return user;
}

/** Revokes every live key of the user: on a ban, a password change, "sign out everywhere". */
export async function revokeUserApiKeys(db: Kysely<Database>, clock: Clock, userId: string): Promise<number> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: isoNow(clock) })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Metadata a user may see about their keys: never the hash or the key. */
export function publicApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
