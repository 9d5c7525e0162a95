import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { Database, UserRow } from '../db/index.js';
import { Conflict } from '../errors.js';
import { newId } from '../ids.js';
import type { Role } from './actor.js';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewAccount {
  email: string;
  passwordHash: string;
  displayName: string;
  birthDate: string;
  role?: Role;
}

export async function insertUser(db: Kysely<Database>, clock: Clock, account: NewAccount): Promise<UserRow> {
  const now = isoNow(clock);
  const row: UserRow = {
    id: newId(),
    email: normaliseEmail(account.email),
    password_hash: account.passwordHash,
    display_name: account.displayName,
    birth_date: account.birthDate,
    adult_attested_at: now,
    role: account.role ?? 'user',
    status: 'active',
    status_reason: null,
    nsfw_opt_in: 0,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Conflict('email_taken', 'An account with this email already exists.');
    throw error;
  }
  return row;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateUser(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  changes: Partial<
    Pick<UserRow, 'password_hash' | 'display_name' | 'nsfw_opt_in' | 'role' | 'status' | 'status_reason'>
  >,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: isoNow(clock) })
    .where('id', '=', userId)
    .execute();
}

/** What a user may see of their own account: never the password hash. */
export function publicUser(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    birthDate: user.birth_date,
    adultAttestedAt: user.adult_attested_at,
    role: user.role,
    status: user.status,
    statusReason: user.status_reason,
    nsfwOptIn: user.nsfw_opt_in === 1,
    createdAt: user.created_at,
  };
}
