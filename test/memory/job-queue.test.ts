import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { MemoryJobRow } from '../../src/db/tables/memory.js';
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

  function queue(handler: (job: MemoryJobRow) => Promise<void>, maxAttempts = 3) {
    const created = new MemoryJobQueue({ db, clock: testClock(), handler, concurrency: 3, maxAttempts });
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
    const statuses = await db.kysely.selectFrom('memory_jobs').select(['status', 'attempts']).execute();
    expect(statuses.every((row) => row.status === 'done' && row.attempts === 1)).toBe(true);
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
});
