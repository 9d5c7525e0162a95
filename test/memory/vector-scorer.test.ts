import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { partitionRevision } from '../../src/memory/partition.js';
import { deleteItem, insertItems, prepareItems } from '../../src/memory/store.js';
import { createBruteForceScorer } from '../../src/memory/vector-scorer.js';
import { describeEachDialect } from '../helpers/databases.js';
import { memoryFixture } from './memory-helpers.js';

/** The scorer caches a partition's vectors and must never serve a stale set after writes. */
describeEachDialect('brute-force vector scorer cache', (dialect) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  async function setUp() {
    const fixture = await memoryFixture(dialect);
    db = fixture.db;
    const { partition, embedder } = fixture;
    const scorer = createBruteForceScorer(db);
    const remember = (text: string, id?: string) => fixture.store({ kind: 'turn', text }, { id });
    const nearest = async (text: string) => {
      const [vector] = await embedder.embed([text]);
      return (await scorer.nearest(partition, embedder.id, vector!, 10)).map((hit) => hit.id);
    };
    return { ...fixture, deps: { clock: fixture.clock, embedder }, remember, nearest };
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

  it('counts every insert, update and delete of a partition (triggers), bulk inserts included', async () => {
    const { user, partition, deps, remember } = await setUp();
    expect(await partitionRevision(db.kysely, partition)).toEqual({ inserts: 0, changes: 0 });
    const rows = await prepareItems(
      partition,
      ['one', 'two', 'three'].map((text) => ({ kind: 'turn' as const, text })),
      deps,
    );
    await insertItems(db.kysely, rows);
    const single = await remember('four');
    expect(await partitionRevision(db.kysely, partition)).toEqual({ inserts: 4, changes: 0 });
    await db.kysely
      .updateTable('memory_items')
      .set({ importance: 9 })
      .where('user_id', '=', user.userId)
      .execute();
    await deleteItem(db.kysely, user.userId, single);
    expect(await partitionRevision(db.kysely, partition)).toEqual({ inserts: 4, changes: 5 });
    // Another partition's counters are its own.
    expect(await partitionRevision(db.kysely, { ...partition, characterId: 'char-2' })).toEqual({
      inserts: 0,
      changes: 0,
    });
  });

  it('sees a vector rewritten behind its back (another node) and a row inserted with an older id', async () => {
    const { user, deps, remember, nearest } = await setUp();
    const boat = await remember('sailing boats on the lake');
    const garden = await remember('garden tomatoes');
    expect((await nearest('sailing boats'))[0]).toBe(boat);
    // Another node swaps the two items' vectors: no invalidate() reaches this process.
    const [boatVector, gardenVector] = await deps.embedder.embed([
      'sailing boats on the lake',
      'garden tomatoes',
    ]);
    const bytes = (vector: Float32Array) => new Uint8Array(vector.buffer.slice(0));
    await db.kysely
      .updateTable('memory_items')
      .set({ embedding: bytes(gardenVector!) })
      .where('id', '=', boat)
      .execute();
    await db.kysely
      .updateTable('memory_items')
      .set({ embedding: bytes(boatVector!) })
      .where('id', '=', garden)
      .execute();
    expect((await nearest('sailing boats'))[0]).toBe(garden);
    // A node with a slower clock inserts an id older than the newest one cached.
    const older = await remember('sailing boats again', `0000-${user.userId}`);
    expect(await nearest('sailing boats')).toContain(older);
  });
});
