import type { Actor } from '../../src/accounts/index.js';
import type { Db, DialectName } from '../../src/db/index.js';
import { newId } from '../../src/ids.js';
import type { Partition } from '../../src/memory/partition.js';
import { type NewItemInput, insertItems, prepareItems } from '../../src/memory/store.js';
import { createTestDb } from '../helpers/databases.js';
import { fakeEmbedder } from './fake-models.js';

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

/**
 * A fresh migrated database with one user and their partition with 'char-1', plus `store` to write
 * items (embedded by the fake embedder) into that or another partition. Each test closes `db`.
 */
export async function memoryFixture(dialect: DialectName, clockStart?: string) {
  const db = await createTestDb(dialect);
  const user = await insertUser(db);
  const partition: Partition = { userId: user.userId, characterId: 'char-1' };
  const clock = testClock(clockStart);
  const embedder = fakeEmbedder();
  /** Stores one item; `id` overrides the generated one (e.g. an id from a node with a slower clock). */
  const store = async (item: NewItemInput, options: { partition?: Partition; id?: string } = {}) => {
    const [row] = await prepareItems(options.partition ?? partition, [item], { clock, embedder });
    const id = options.id ?? row!.id;
    await insertItems(db.kysely, [{ ...row!, id }]);
    return id;
  };
  return { db, user, partition, clock, embedder, store };
}
