import { Migrator, sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import { scopeCode } from '../../src/db/migrations/0007-memory-search-scale.js';
import { lexicalSearch } from '../../src/memory/lexical-search.js';
import { type Partition, partitionKey } from '../../src/memory/partition.js';
import { deleteItem, insertItems, prepareItems } from '../../src/memory/store.js';
import { createTestDb, describeEachDialect } from '../helpers/databases.js';
import { fakeEmbedder } from './fake-models.js';
import { insertUser, testClock } from './memory-helpers.js';

describeEachDialect('lexical search (partition-scoped full text)', (dialect) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  async function remember(partition: Partition, texts: string[]): Promise<string[]> {
    const rows = await prepareItems(
      partition,
      texts.map((text) => ({ kind: 'fact' as const, text })),
      { clock: testClock(), embedder: fakeEmbedder() },
    );
    await insertItems(db.kysely, rows);
    return rows.map((row) => row.id);
  }

  const idsOf = async (partition: Partition, words: string[]) =>
    (await lexicalSearch(db, partition, words, 20)).map((hit) => hit.id);

  it('finds only the searched partition, even when other partitions hold the same words', async () => {
    db = await createTestDb(dialect);
    const alice = await insertUser(db);
    const bob = await insertUser(db);
    const mine = { userId: alice.userId, characterId: 'char-1' };
    const [own] = await remember(mine, ['The user plays the cello on Sundays.']);
    await remember({ userId: alice.userId, characterId: 'char-2' }, ['The user plays the cello too.']);
    await remember({ userId: bob.userId, characterId: 'char-1' }, ['Bob plays the cello badly.']);
    expect(await idsOf(mine, ['cello'])).toEqual([own]);
    expect(await idsOf({ userId: bob.userId, characterId: 'char-2' }, ['cello'])).toEqual([]);
  });

  it('finds words after punctuation and typographic marks, stemmed', async () => {
    db = await createTestDb(dialect);
    const alice = await insertUser(db);
    const partition = { userId: alice.userId, characterId: 'char-1' };
    const [dash, quote, lines, slash] = await remember(partition, [
      'Weekend plans—hiking with Maya',
      'My sister’s “violin” recital',
      'First line\nsecond line about gardening',
      'Likes rock;jazz [mostly vinyl]',
    ]);
    expect(await idsOf(partition, ['hiking'])).toEqual([dash]);
    expect(await idsOf(partition, ['violin'])).toEqual([quote]);
    expect(await idsOf(partition, ['sister'])).toEqual([quote]);
    expect(await idsOf(partition, ['gardens'])).toEqual([lines]);
    expect(await idsOf(partition, ['jazz'])).toEqual([slash]);
    expect(await idsOf(partition, ['vinyl'])).toEqual([slash]);
  });

  it('forgets a deleted item and re-indexes an edited text', async () => {
    db = await createTestDb(dialect);
    const alice = await insertUser(db);
    const partition = { userId: alice.userId, characterId: 'char-1' };
    const [gone, edited] = await remember(partition, ['Allergic to peanuts.', 'Has a cat named Rex.']);
    await db.kysely.transaction().execute((trx) => deleteItem(trx, alice.userId, gone));
    expect(await idsOf(partition, ['peanuts'])).toEqual([]);
    await db.kysely
      .updateTable('memory_items')
      .set({ text: 'Has a cat named Biscuit.' })
      .where('id', '=', edited)
      .execute();
    expect(await idsOf(partition, ['rex'])).toEqual([]);
    expect(await idsOf(partition, ['biscuit'])).toEqual([edited]);
  });

  it('migration 0007 re-keys and re-indexes rows written before it, and reverts cleanly', async () => {
    db = await createTestDb(dialect);
    const alice = await insertUser(db);
    const partition = { userId: alice.userId, characterId: 'char-1' };
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('0006-billing');
    expect(down.error).toBeUndefined();
    const [old] = await remember(partition, ['Grew up near the lighthouse.']);
    await db.kysely
      .updateTable('memory_items')
      .set({ partition_key: 'legacy-value' })
      .where('id', '=', old)
      .execute();
    await migrateToLatest(db.kysely);
    const row = await db.kysely
      .selectFrom('memory_items')
      .select('partition_key')
      .where('id', '=', old)
      .executeTakeFirstOrThrow();
    expect(row.partition_key).toBe(partitionKey(partition));
    expect(await idsOf(partition, ['lighthouse'])).toEqual([old]);
    if (dialect === 'postgres') {
      // btree_gin is available here: one GIN index finds a partition's matches.
      const indexes = await sql<{ indexname: string }>`
        SELECT indexname FROM pg_indexes WHERE tablename = 'memory_items' AND indexname LIKE '%search%'`.execute(
        db.kysely,
      );
      expect(indexes.rows.map((index) => index.indexname)).toEqual(['memory_items_scoped_search_idx']);
    }
  });
});

describeEachDialect('lexical search ranking', (dialect) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  it('is not skewed by how common a word is in other partitions', async () => {
    db = await createTestDb(dialect);
    const alice = await insertUser(db);
    const bob = await insertUser(db);
    const clock = testClock();
    const embedder = fakeEmbedder();
    const mine = { userId: alice.userId, characterId: 'char-1' };
    const write = async (partition: Partition, texts: string[]) => {
      const rows = await prepareItems(
        partition,
        texts.map((text) => ({ kind: 'fact' as const, text })),
        { clock, embedder },
      );
      await insertItems(db.kysely, rows);
      return rows.map((row) => row.id);
    };
    const [twice] = await write(mine, ['apple apple', 'cherry pie']);
    await write(
      { userId: bob.userId, characterId: 'char-1' },
      Array.from({ length: 40 }, (_, index) => `apple number ${index}`),
    );
    const hits = await lexicalSearch(db, mine, ['apple', 'cherry'], 10);
    expect(hits).toHaveLength(2);
    expect(hits[0].id).toBe(twice);
  });
});

it('the partition code in migration 0007 equals partitionKey (8 stemmer-neutral characters)', () => {
  for (const [userId, characterId] of [
    ['01936f2e-0000-7000-8000-000000000001', 'char-1'],
    ['user', 'character with spaces'],
  ]) {
    const key = partitionKey({ userId, characterId });
    expect(key).toBe(scopeCode(userId, characterId));
    expect(key).toMatch(/^[bcdfghjklmnpqrstvwxz0-9]{8}$/);
  }
  expect(partitionKey({ userId: 'a', characterId: 'bc' })).not.toBe(
    partitionKey({ userId: 'ab', characterId: 'c' }),
  );
});
