import fs from 'node:fs';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { type Db, migrateToLatest, openDb } from '../src/db/index.js';
import type { NewMemoryItem } from '../src/db/tables/memory.js';
import { newId } from '../src/ids.js';
import { createMemoryStage, createSifEmbedder, defaultGloveBinary } from '../src/memory/index.js';
import { lexicalSearch } from '../src/memory/lexical-search.js';
import { type Partition, partitionKey } from '../src/memory/partition.js';
import { insertItems, prepareItems } from '../src/memory/store.js';
import { contentWords } from '../src/memory/text.js';
import { type Bench, type BenchResult, percentile, sampleMs } from './types.js';

/**
 * Memory retrieval at scale (issue 6 §8): the full `recall` (query embedding, FTS, dense brute force,
 * fusion, neighbours, budgeted block) over 10,000 memories in one partition, inside a database holding
 * HEARTH_BENCH_MEMORY_TOTAL rows in all (default 1,000,000), on SQLite and — when DATABASE_URL_TEST is
 * set — PostgreSQL (HEARTH_BENCH_MEMORY_TOTAL_PG overrides the total there). Baseline in the same run:
 * the same queries on the same partition before the other partitions are written, so the ratio is
 * what the other 990,000 rows cost. Filler partitions get synthetic sentences and one shared vector
 * (they are never scored, only stored).
 */
const PARTITION_SIZE = 10_000;
const QUERIES = 60;

const SUBJECTS = ['I', 'My sister', 'My boss', 'Our neighbour', 'My friend Sam', 'My dad', 'The team'];
const VERBS = ['visited', 'cooked', 'painted', 'bought', 'lost', 'found', 'planned', 'talked about', 'fixed'];
const WHEN = ['yesterday', 'last weekend', 'in spring', 'after work', 'on Sunday', 'during the holidays'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'sa', 'vor', 'el', 'din', 'qua', 'bri', 'no', 'zet', 'pha'];

/** 20,000 made-up nouns, so a query word matches a realistic share of memories instead of all. */
function noun(index: number): string {
  const value = index % 20_000;
  return (
    SYLLABLES[value % 14] +
    SYLLABLES[Math.floor(value / 14) % 14] +
    SYLLABLES[Math.floor(value / 196) % 14] +
    (value >= 2744 ? SYLLABLES[Math.floor(value / 2744) % 14] : '')
  );
}

export function sentence(index: number): string {
  const pick = <T>(list: T[], salt: number) => list[(index * 7919 + salt * 104729) % list.length];
  return `${pick(SUBJECTS, 1)} ${pick(VERBS, 2)} the ${noun(index * 31)} and a ${noun(index * 17 + 5)} ${pick(WHEN, 4)}.`;
}

const BENCH_CLOCK = { now: () => new Date('2026-01-01T00:00:00Z') };

/** Users for `total` rows (one per 10,000) and the 10,000 measured memories in the first user's partition. */
export async function seedTarget(db: Db, total: number, embedder: ReturnType<typeof createSifEmbedder>) {
  const clock = BENCH_CLOCK;
  const users = Math.max(1, Math.ceil(total / PARTITION_SIZE));
  const now = clock.now().toISOString();
  const userIds = Array.from({ length: users }, () => newId());
  for (let start = 0; start < userIds.length; start += 200) {
    await db.kysely
      .insertInto('users')
      .values(
        userIds.slice(start, start + 200).map((id) => ({
          id,
          email: `${id}@bench.invalid`,
          password_hash: '',
          display_name: 'bench',
          birth_date: '1990-01-01',
          adult_attested_at: now,
          role: 'user' as const,
          status: 'active' as const,
          status_reason: null,
          nsfw_opt_in: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const target = { userId: userIds[0], characterId: 'bench-character' };
  for (let start = 0; start < PARTITION_SIZE; start += 1000) {
    const inputs = Array.from({ length: Math.min(1000, PARTITION_SIZE - start) }, (_, offset) => ({
      kind: 'turn' as const,
      text: sentence(start + offset),
      validAt: new Date(Date.UTC(2025, 0, 1) + (start + offset) * 3_600_000).toISOString(),
    }));
    await insertItems(db.kysely, await prepareItems(target, inputs, { clock, embedder }));
  }
  await analyze(db);
  return { target, userIds };
}

/** The other partitions, up to `total` rows: 10,000 each, spread over the users (several characters). */
export async function seedFiller(
  db: Db,
  total: number,
  userIds: string[],
  embedder: ReturnType<typeof createSifEmbedder>,
) {
  const now = BENCH_CLOCK.now().toISOString();
  const [filler] = await embedder.embed(['filler memory']);
  const fillerBytes = Buffer.from(filler.buffer);
  let written = PARTITION_SIZE;
  for (let user = 1; written < total; user += 1) {
    const partition = { userId: userIds[user % userIds.length], characterId: `bench-character-${user}` };
    const count = Math.min(PARTITION_SIZE, total - written);
    const rows: NewMemoryItem[] = Array.from({ length: count }, (_, offset) => ({
      id: newId(),
      user_id: partition.userId,
      character_id: partition.characterId,
      chat_id: null,
      kind: 'turn',
      text: sentence(written + offset),
      subject: null,
      importance: 5,
      valid_at: now,
      invalid_at: null,
      superseded_by: null,
      source_message_ids: '[]',
      range_start: null,
      range_end: null,
      partition_key: partitionKey(partition),
      embedding: fillerBytes,
      embedding_model: embedder.id,
      tokens: 20,
      created_at: now,
      updated_at: now,
    }));
    await db.kysely.transaction().execute((trx) => insertItems(trx, rows));
    written += count;
  }
  await analyze(db);
}

/** What autovacuum does in a live database; right after a bulk load the planner has no statistics. */
async function analyze(db: Db) {
  if (db.dialect === 'postgres') await sql`VACUUM ANALYZE memory_items`.execute(db.kysely);
  else await sql`ANALYZE`.execute(db.kysely);
}

interface Timings {
  recall: number[];
  fts: number[];
}

async function time(
  db: Db,
  target: Partition,
  embedder: ReturnType<typeof createSifEmbedder>,
): Promise<Timings> {
  const stage = createMemoryStage({ db, clock: { now: () => new Date() }, embedder });
  const queries = Array.from({ length: QUERIES }, (_, index) => `remember when ${sentence(index * 131 + 7)}`);
  let next = 0;
  const signal = new AbortController().signal;
  try {
    const recall = await sampleMs(
      () =>
        stage.recall({
          actor: { userId: target.userId } as never,
          characterId: target.characterId,
          chatId: 'bench',
          query: queries[next++ % QUERIES],
          budgetTokens: 1500,
          signal,
        }),
      QUERIES,
    );
    next = 0;
    const fts = await sampleMs(
      () => lexicalSearch(db, target, contentWords(queries[next++ % QUERIES]), 60),
      QUERIES,
    );
    return { recall, fts };
  } finally {
    stage.stop();
  }
}

async function measure(label: string, db: Db, total: number): Promise<BenchResult[]> {
  const embedder = createSifEmbedder({
    binaryFile: defaultGloveBinary(process.env.HEARTH_DATA_DIR ?? './data'),
  });
  const seedStart = performance.now();
  const { target, userIds } = await seedTarget(db, total, embedder);
  const alone = await time(db, target, embedder);
  await seedFiller(db, total, userIds, embedder);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const full = await time(db, target, embedder);
  const scale = `${label}, ${PARTITION_SIZE.toLocaleString('en')} in partition, ${total.toLocaleString('en')} total`;
  const baseline = (samples: number[], p: number, what: string) => ({
    name: `${what} p${p}, partition alone (${PARTITION_SIZE.toLocaleString('en')} total)`,
    value: percentile(samples, p),
  });
  return [
    {
      name: `recall p95 (${scale})`,
      value: percentile(full.recall, 95),
      unit: 'ms',
      baseline: baseline(alone.recall, 95, 'recall'),
      target: '≤ 50 ms',
    },
    {
      name: `recall p50 (${scale})`,
      value: percentile(full.recall, 50),
      unit: 'ms',
      baseline: baseline(alone.recall, 50, 'recall'),
    },
    {
      name: `FTS query alone p95 (${scale})`,
      value: percentile(full.fts, 95),
      unit: 'ms',
      baseline: baseline(alone.fts, 95, 'FTS'),
    },
    {
      name: `seed time (${label}, ${total.toLocaleString('en')} rows)`,
      value: seedSeconds * 1000,
      unit: 'ms',
    },
  ];
}

const bench: Bench = {
  name: 'memory: hybrid recall',
  async run() {
    const results: BenchResult[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-memory-bench-'));
    const sqlite = openDb({ sqlitePath: path.join(dir, 'bench.sqlite') });
    try {
      await migrateToLatest(sqlite.kysely);
      results.push(
        ...(await measure('sqlite', sqlite, Number(process.env.HEARTH_BENCH_MEMORY_TOTAL ?? 1_000_000))),
      );
    } finally {
      await sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const postgresUrl = process.env.DATABASE_URL_TEST;
    if (postgresUrl) {
      const { createTestDb } = await import('../test/helpers/databases.js');
      const postgres = await createTestDb('postgres');
      try {
        results.push(
          ...(await measure(
            'postgres',
            postgres,
            Number(
              process.env.HEARTH_BENCH_MEMORY_TOTAL_PG ?? process.env.HEARTH_BENCH_MEMORY_TOTAL ?? 1_000_000,
            ),
          )),
        );
      } finally {
        await postgres.close();
      }
    }
    return results;
  },
};
export default bench;
