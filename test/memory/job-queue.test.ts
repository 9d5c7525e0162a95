import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { MemoryJobRow } from '../../src/db/tables/memory.js';
import { Foreground } from '../../src/foreground.js';
import { MemoryJobQueue } from '../../src/memory/job-queue.js';
import { createTestDb, describeEachDialect } from '../helpers/databases.js';
import { insertUser, testClock } from './memory-helpers.js';

describeEachDialect('memory job queue', (dialect) => {
  let db: Db;
  const queues: MemoryJobQueue[] = [];
  afterEach(async () => {
    for (const queue of queues.splice(0)) queue.stop();
    await db?.close();
  });

  function queue(
    handler: (job: MemoryJobRow) => Promise<void>,
    maxAttempts = 3,
    clock = testClock(),
    retryDelaySeconds = 0,
  ) {
    const created = new MemoryJobQueue({
      db,
      clock,
      handler,
      concurrency: 3,
      maxAttempts,
      retryDelaySeconds,
    });
    queues.push(created);
    return created;
  }

  it('two workers on one database (two nodes) run every job exactly once', async () => {
    db = await createTestDb(dialect);
    const actor = await insertUser(db);
    const partition = { userId: actor.userId, characterId: 'char-a' };
    const runs: string[] = [];
    const handler = async (job: MemoryJobRow) => {
      runs.push(JSON.parse(job.payload).n);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const first = queue(handler);
    const second = queue(handler);
    for (let n = 0; n < 30; n += 1) await first.enqueue('extract', partition, { n: String(n) });
    await Promise.all([first.start(), second.start()]);
    await Promise.all([first.drain(), second.drain()]);

    expect(runs.sort()).toEqual(Array.from({ length: 30 }, (_, n) => String(n)).sort());
    // Each finished job is deleted, none is left behind running or failed.
    expect(await db.kysely.selectFrom('memory_jobs').selectAll().execute()).toEqual([]);
  });

  it('a starting node takes over a running job only when its lease ran out (PostgreSQL: other nodes live)', async () => {
    db = await createTestDb(dialect);
    const actor = await insertUser(db);
    const clock = testClock('2026-01-10T12:00:00.000Z');
    const running = (id: string, updatedAt: string) => ({
      id,
      user_id: actor.userId,
      character_id: 'char-a',
      kind: 'extract' as const,
      payload: JSON.stringify({ n: id }),
      status: 'running' as const,
      attempts: 1,
      last_error: null,
      created_at: updatedAt,
      updated_at: updatedAt,
    });
    await db.kysely
      .insertInto('memory_jobs')
      .values([running('a-stale', '2026-01-10T11:00:00.000Z'), running('b-live', '2026-01-10T11:59:00.000Z')])
      .execute();
    const runs: string[] = [];
    const restarted = new MemoryJobQueue({
      db,
      clock,
      leaseSeconds: 600,
      handler: async (job) => {
        runs.push(job.id);
      },
    });
    queues.push(restarted);
    await restarted.start();
    await restarted.drain();

    // SQLite is one process: whatever it left running died with it.
    expect(runs.sort()).toEqual(dialect === 'postgres' ? ['a-stale'] : ['a-stale', 'b-live']);
  });

  it('waits while a chat turn is in flight (foreground), then runs', async () => {
    db = await createTestDb(dialect);
    const actor = await insertUser(db);
    const foreground = new Foreground();
    const runs: string[] = [];
    const jobs = new MemoryJobQueue({
      db,
      clock: testClock(),
      handler: async (job) => {
        runs.push(JSON.parse(job.payload).n);
      },
      whenQuiet: () => foreground.whenQuiet(10_000),
    });
    queues.push(jobs);
    await jobs.start();
    const endTurn = foreground.begin();
    await jobs.enqueue('extract', { userId: actor.userId, characterId: 'char-a' }, { n: 'after-turn' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toEqual([]);
    endTurn();
    await jobs.drain();
    expect(runs).toEqual(['after-turn']);
  });

  it('a job enqueued while others run (after the queue looked empty) still runs', async () => {
    db = await createTestDb(dialect);
    const actor = await insertUser(db);
    const partition = { userId: actor.userId, characterId: 'char-a' };
    const runs: string[] = [];
    const chained: MemoryJobQueue = queue(async (job) => {
      const n = Number(JSON.parse(job.payload).n);
      runs.push(String(n));
      if (n < 3) await chained.enqueue('extract', partition, { n: n + 1 });
    });
    await chained.start();
    await chained.enqueue('extract', partition, { n: 0 });
    await chained.drain();

    expect(runs).toEqual(['0', '1', '2', '3']);
  });

  it('a failing job is retried up to maxAttempts, then marked failed with its error', async () => {
    db = await createTestDb(dialect);
    const actor = await insertUser(db);
    let calls = 0;
    const failing = queue(async () => {
      calls += 1;
      throw new Error('upstream 503');
    }, 2);
    await failing.start();
    await failing.enqueue('extract', { userId: actor.userId, characterId: 'char-a' }, {});
    await failing.drain();

    expect(calls).toBe(2);
    const row = await db.kysely.selectFrom('memory_jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'upstream 503' });
  });

  it('a failed job waits retryDelaySeconds before its next attempt', async () => {
    db = await createTestDb(dialect);
    const actor = await insertUser(db);
    const clock = testClock('2026-01-10T12:00:00.000Z');
    let calls = 0;
    const flaky = queue(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('model server down');
      },
      3,
      clock,
      30,
    );
    await flaky.start();
    await flaky.enqueue('extract', { userId: actor.userId, characterId: 'char-a' }, {});
    await flaky.drain();
    expect(calls).toBe(1);
    expect(await db.kysely.selectFrom('memory_jobs').select('status').executeTakeFirst()).toEqual({
      status: 'pending',
    });

    clock.set('2026-01-10T12:00:20.000Z');
    await flaky.drain();
    expect(calls).toBe(1);

    clock.set('2026-01-10T12:00:31.000Z');
    await flaky.drain();
    expect(calls).toBe(2);
    expect(await db.kysely.selectFrom('memory_jobs').selectAll().execute()).toEqual([]);
  });
});
