import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { BillingTables } from './tables/billing.js';
import type { CharacterTables } from './tables/characters.js';
import type { ChatTables } from './tables/chats.js';
import type { MemoryTables } from './tables/memory.js';
import type { SafetyTables } from './tables/safety.js';

/**
 * One schema for both dialects. Conventions that keep SQLite and PostgreSQL identical:
 * ids are UUIDv7 text (time-ordered, so they double as cursors), timestamps are ISO-8601 UTC text,
 * booleans are integers 0/1, money is integer credits, JSON documents are text.
 * Each layer's tables live in `tables/<layer>.ts`; this file joins them.
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  birth_date: string;
  adult_attested_at: string;
  role: 'user' | 'creator' | 'moderator' | 'admin';
  status: 'active' | 'suspended' | 'banned' | 'deleted';
  status_reason: string | null;
  nsfw_opt_in: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** Keyed hash of the cookie token: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  /** Set when a ban revoked the session (migration 0010); a revoked session never works again. */
  revoked_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** `/v1` prompt mode (issue 22): `hearth` builds the prompt, `client` forwards the client's. */
  prompt_mode: ColumnType<'hearth' | 'client', 'hearth' | 'client' | undefined, 'hearth' | 'client'>;
  /** 1 when client-mode exchanges feed memory extraction (opt-in). */
  client_memory: ColumnType<number, number | undefined, number>;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_throttle: LoginThrottleTable;
}

export interface Database
  extends AccountTables,
    CharacterTables,
    ChatTables,
    MemoryTables,
    SafetyTables,
    BillingTables {}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
