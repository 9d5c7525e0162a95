import type { Actor } from '../../src/accounts/index.js';
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/ids.js';

/** A user row for data-layer tests (memory rows reference users). */
export async function insertUser(db: Db, id = newId()): Promise<Actor> {
  const now = new Date().toISOString();
  await db.kysely
    .insertInto('users')
    .values({
      id,
      email: `${id}@example.com`,
      password_hash: 'x',
      display_name: 'Tester',
      birth_date: '1990-01-01',
      adult_attested_at: now,
      role: 'user',
      status: 'active',
      status_reason: null,
      nsfw_opt_in: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return {
    userId: id,
    email: `${id}@example.com`,
    displayName: 'Tester',
    role: 'user',
    ageVerified: true,
    nsfwOptIn: false,
    status: 'active',
    statusReason: null,
    via: 'session',
  };
}

export function testClock(start = '2026-01-10T12:00:00.000Z') {
  let now = new Date(start);
  return {
    now: () => now,
    set(iso: string) {
      now = new Date(iso);
    },
  };
}
