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

/** How a key's `/v1` calls are served (issue 22); see README "OpenAI-compatible API". */
export interface ApiKeySettings {
  promptMode: 'hearth' | 'client';
  /** Client-mode exchanges feed memory extraction. */
  clientMemory: boolean;
}

/** Returns the raw key exactly once; afterwards only its keyed hash and a display prefix exist. */
export async function createApiKey(
  deps: ApiKeyDeps,
  userId: string,
  name: string,
  settings: Partial<ApiKeySettings> = {},
) {
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
    prompt_mode: settings.promptMode ?? 'hearth',
    client_memory: settings.clientMemory ? 1 : 0,
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

/** Changes a key's `/v1` settings; another user's or a revoked key is a 404. */
export async function updateApiKey(
  deps: ApiKeyDeps,
  userId: string,
  keyId: string,
  settings: Partial<ApiKeySettings>,
): Promise<ApiKeyRow> {
  const changes: { prompt_mode?: 'hearth' | 'client'; client_memory?: number } = {};
  if (settings.promptMode !== undefined) changes.prompt_mode = settings.promptMode;
  if (settings.clientMemory !== undefined) changes.client_memory = settings.clientMemory ? 1 : 0;
  const scope = deps.db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (Object.keys(changes).length > 0) {
    await deps.db
      .updateTable('api_keys')
      .set(changes)
      .where('id', '=', keyId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
  const row = await scope.executeTakeFirst();
  if (!row) throw new NotFound('api_key_not_found', 'No active API key with that id.');
  return row;
}

/**
 * The key's user (with the key's id and `/v1` settings), or undefined for an unknown or revoked key. A key revoked while its user is banned
 * still names the user, so the program using it is told `account_banned` (issue 13 item 2) instead of
 * `invalid_api_key`; after the ban is lifted the key stays dead.
 */
export async function resolveApiKey(
  deps: ApiKeyDeps,
  key: string,
): Promise<(UserRow & { apiKey: { id: string } & ApiKeySettings }) | undefined> {
  const keyHash = hashToken(deps.secret, key);
  const row = await deps.db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('users')
    .select([
      'api_keys.id as key_id',
      'api_keys.revoked_at as key_revoked_at',
      'api_keys.prompt_mode',
      'api_keys.client_memory',
    ])
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    key_id: keyId,
    key_revoked_at: revokedAt,
    prompt_mode: promptMode,
    client_memory: clientMemory,
    ...user
  } = row;
  const apiKey = { id: keyId, promptMode, clientMemory: clientMemory === 1 };
  if (revokedAt !== null) return user.status === 'banned' ? { ...user, apiKey } : undefined;
  await deps.db
    .updateTable('api_keys')
    .set({ last_used_at: isoNow(deps.clock) })
    .where('id', '=', keyId)
    .execute();
  return { ...user, apiKey };
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
    promptMode: row.prompt_mode,
    clientMemory: row.client_memory === 1,
  };
}
