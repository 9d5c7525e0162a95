import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { Partition } from '../../src/memory/partition.js';
import { deleteItem, insertItems, prepareItems } from '../../src/memory/store.js';
import { createBruteForceScorer } from '../../src/memory/vector-scorer.js';
import { createTestDb, describeEachDialect } from '../helpers/databases.js';
import { fakeEmbedder } from './fake-models.js';
import { insertUser, testClock } from './memory-helpers.js';

/** The scorer caches a partition's vectors and must never serve a stale set after writes. */
describeEachDialect('brute-force vector scorer cache', (dialect) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  async function setUp() {
    db = await createTestDb(dialect);
    const user = await insertUser(db);
    const partition: Partition = { userId: user.userId, characterId: 'char-1' };
    const deps = { clock: testClock(), embedder: fakeEmbedder() };
    const scorer = createBruteForceScorer(db);
    const remember = async (text: string) => {
      const [row] = await prepareItems(partition, [{ kind: 'turn', text }], deps);
      await insertItems(db.kysely, [row!]);
      return row!.id;
    };
    const nearest = async (text: string) => {
      const [vector] = await deps.embedder.embed([text]);
      return (await scorer.nearest(partition, deps.embedder.id, vector!, 10)).map((hit) => hit.id);
    };
    return { user, remember, nearest };
  }

  it('appends rows written after the cache was built', async () => {
    const { remember, nearest } = await setUp();
    const first = await remember('sailing boats on the lake');
    expect(await nearest('sailing boats')).toEqual([first]);
    const second = await remember('sailing lessons every sunday');
    expect((await nearest('sailing')).sort()).toEqual([first, second].sort());
  });

  it('rebuilds when a delete hides among inserts (same count, or growth smaller than the inserts)', async () => {
    const { user, remember, nearest } = await setUp();
    const gone = await remember('piano practice at night');
    const kept = await remember('piano concert tickets');
    expect((await nearest('piano')).sort()).toEqual([gone, kept].sort());

    await deleteItem(db.kysely, user.userId, gone);
    const replacement = await remember('piano teacher called');
    expect((await nearest('piano')).sort()).toEqual([kept, replacement].sort());

    await deleteItem(db.kysely, user.userId, kept);
    const one = await remember('piano tuning booked');
    const two = await remember('piano bench repaired');
    expect((await nearest('piano')).sort()).toEqual([replacement, one, two].sort());
  });
});
