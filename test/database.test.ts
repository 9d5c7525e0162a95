import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { createTestDb, describeEachDialect } from './helpers/databases.js';

describeEachDialect('database', (dialect) => {
  let db: Db;
  afterEach(() => db?.close());

  it('migrates to the latest schema and enforces unique emails', async () => {
    db = await createTestDb(dialect);
    const user = {
      id: '1',
      email: 'a@example.com',
      password_hash: 'x',
      display_name: 'A',
      birth_date: '1990-01-01',
      adult_attested_at: '2026-01-01T00:00:00.000Z',
      role: 'user' as const,
      status: 'active' as const,
      status_reason: null,
      nsfw_opt_in: 0,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    await db.kysely.insertInto('users').values(user).execute();
    await expect(
      db.kysely
        .insertInto('users')
        .values({ ...user, id: '2' })
        .execute(),
    ).rejects.toThrow();
    const count = await db.kysely
      .selectFrom('users')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('cascades a user deletion to sessions (foreign keys are on)', async () => {
    db = await createTestDb(dialect);
    const now = '2026-01-01T00:00:00.000Z';
    await db.kysely
      .insertInto('users')
      .values({
        id: 'u',
        email: 'u@example.com',
        password_hash: 'x',
        display_name: 'U',
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
    await db.kysely
      .insertInto('sessions')
      .values({ id: 's', user_id: 'u', created_at: now, expires_at: now, last_seen_at: now })
      .execute();
    await expect(
      db.kysely
        .insertInto('sessions')
        .values({ id: 't', user_id: 'nobody', created_at: now, expires_at: now, last_seen_at: now })
        .execute(),
    ).rejects.toThrow();
    await db.kysely.deleteFrom('users').where('id', '=', 'u').execute();
    expect(await db.kysely.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });
});
