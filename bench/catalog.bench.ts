import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/accounts/index.js';
import { listCatalog } from '../src/characters/catalog.js';
import { findCharacter, isSqliteExecutor } from '../src/characters/character-store.js';
import { type Db, migrateToLatest, openDb } from '../src/db/index.js';
import type { NewCharacter } from '../src/db/tables/characters.js';
import { newId } from '../src/ids.js';
import { type Bench, type BenchResult, percentile, sampleMs } from './types.js';

/**
 * Explore catalog latency with 10,000 public characters (issue 4: p95 ≤ 30 ms), on SQLite and — when
 * BENCH_DATABASE_URL or DATABASE_URL_TEST is set — PostgreSQL. Baseline: a primary-key lookup in the
 * same database and run.
 */
const CHARACTERS = 10_000;
const ITERATIONS = 200;
const words = (
  'amber archive astral autumn beacon bramble cinder clockwork cobalt comet coral cosmic crimson dune ember ' +
  'falcon fern frost garnet glacier harbor hollow indigo iron ivory jade juniper lantern lark lilac lotus ' +
  'marble meadow midnight mirror moss nebula nomad oak obsidian onyx orchid pebble pine prism quartz quill ' +
  'raven reef river rowan ruby saffron sage sapphire shadow silver sparrow spruce storm summit tempest thistle ' +
  'thorn tide timber topaz twilight umber velvet violet willow winter wren zephyr'
).split(' ');
const archetypes = [
  'detective',
  'baker',
  'pilot',
  'librarian',
  'knight',
  'engineer',
  'poet',
  'healer',
  'bard',
  'ranger',
];
const tags = [
  'fantasy',
  'sci-fi',
  'romance',
  'mystery',
  'cozy',
  'adventure',
  'horror',
  'comedy',
  'drama',
  'history',
];

function pick<T>(list: T[], seed: number): T {
  return list[seed % list.length] as T;
}

async function seed(db: Db): Promise<string[]> {
  const kysely = db.kysely;
  const ownerId = newId();
  const now = new Date().toISOString();
  await kysely
    .insertInto('users')
    .values({
      id: ownerId,
      email: `bench-${ownerId}@example.com`,
      password_hash: '!',
      display_name: 'Bench',
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
  const ids: string[] = [];
  const batch = 500;
  for (let start = 0; start < CHARACTERS; start += batch) {
    const rows: NewCharacter[] = [];
    for (let index = start; index < Math.min(CHARACTERS, start + batch); index += 1) {
      const id = newId();
      ids.push(id);
      const name = `${pick(words, index * 7 + 3)} ${pick(words, index * 13 + 1)}`;
      const tagline = `A ${pick(words, index * 3)} ${pick(archetypes, index)} from the ${pick(words, index * 11 + 5)} coast`;
      const rowTags = [pick(tags, index), pick(tags, index * 7 + 2)];
      const doc = { version: 1, name, tagline, greetings: ['Hello.'] };
      rows.push({
        id,
        owner_id: ownerId,
        slug: `${name.replace(/ /g, '-')}-${index}`,
        name,
        tagline,
        description: `${pick(words, index * 5)} ${pick(words, index * 17)} stories told by a ${pick(archetypes, index * 3)}.`,
        tags: JSON.stringify([...new Set(rowTags)]),
        rating: index % 10 === 0 ? ('nsfw' as const) : ('sfw' as const),
        visibility: 'public' as const,
        status: 'published' as const,
        status_before_lock: null,
        official: 0,
        doc: JSON.stringify(doc),
        version: 1,
        forked_from: null,
        allow_fork: 0,
        avatar_path: null,
        avatar_thumb_path: null,
        card_json: null,
        chats_7d: (index * 37) % 500,
        trending_score: (index * 53) % 900,
        favourites_count: 0,
        created_at: now,
        updated_at: now,
        published_at: new Date(Date.parse(now) - index * 60_000).toISOString(),
      });
    }
    await kysely.transaction().execute(async (trx) => {
      await trx.insertInto('characters').values(rows).execute();
      const tagRows = rows.flatMap((row) =>
        (JSON.parse(row.tags) as string[]).map((tag) => ({ character_id: row.id, tag })),
      );
      await trx.insertInto('character_tags').values(tagRows).execute();
      if (isSqliteExecutor(trx)) {
        await trx
          .insertInto('characters_fts')
          .values(
            rows.map((row) => ({
              character_id: row.id,
              name: row.name,
              tagline: row.tagline,
              tags: (JSON.parse(row.tags) as string[]).join(' '),
              description: row.description,
            })),
          )
          .execute();
      }
    });
  }
  await sql`ANALYZE`.execute(db.kysely);
  return ids;
}

const actor: Actor = {
  userId: 'bench-viewer',
  email: 'viewer@example.com',
  displayName: 'Viewer',
  role: 'user',
  ageVerified: true,
  nsfwOptIn: false,
  status: 'active',
  statusReason: null,
  via: 'session',
};

async function measure(db: Db, label: string): Promise<BenchResult[]> {
  const ids = await seed(db);
  const kysely = db.kysely;
  let turn = 0;
  const next = () => {
    turn += 1;
    return turn;
  };
  const lookup = await sampleMs(() => findCharacter(kysely, pick(ids, next() * 7919)), ITERATIONS);
  const firstPage = await sampleMs(
    () => listCatalog(kysely, actor, { sort: 'popular', limit: 24 }),
    ITERATIONS,
  );
  const search = await sampleMs(
    () => listCatalog(kysely, actor, { q: pick(words, next() * 31), sort: 'popular', limit: 24 }),
    ITERATIONS,
  );
  const tagged = await sampleMs(
    () => listCatalog(kysely, actor, { tag: pick(tags, next()), sort: 'new', limit: 24 }),
    ITERATIONS,
  );
  const combined = await sampleMs(
    () =>
      listCatalog(kysely, actor, {
        q: `${pick(archetypes, next())} ${pick(words, turn * 3)}`,
        tag: pick(tags, turn),
        sort: 'trending',
        limit: 24,
      }),
    ITERATIONS,
  );
  const baseline = { name: `primary-key lookup p95 (${label})`, value: percentile(lookup, 95) };
  const target = '≤ 30 ms';
  return [
    {
      name: `catalog first page p95 (${label}, 10k)`,
      value: percentile(firstPage, 95),
      unit: 'ms',
      baseline,
      target,
    },
    {
      name: `catalog search p95 (${label}, 10k)`,
      value: percentile(search, 95),
      unit: 'ms',
      baseline,
      target,
    },
    {
      name: `catalog tag filter p95 (${label}, 10k)`,
      value: percentile(tagged, 95),
      unit: 'ms',
      baseline,
      target,
    },
    {
      name: `catalog search+tag p95 (${label}, 10k)`,
      value: percentile(combined, 95),
      unit: 'ms',
      baseline,
      target,
    },
  ];
}

const bench: Bench = {
  name: 'characters: Explore catalog',
  async run() {
    const results: BenchResult[] = [];
    const sqlite = openDb({ sqlitePath: ':memory:' });
    try {
      await migrateToLatest(sqlite.kysely);
      results.push(...(await measure(sqlite, 'sqlite')));
    } finally {
      await sqlite.close();
    }
    const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL_TEST;
    if (url) {
      const schema = `bench_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const postgres = openDb({ databaseUrl: url, searchPath: schema, poolSize: 4 });
      try {
        await migrateToLatest(postgres.kysely);
        results.push(...(await measure(postgres, 'postgres')));
      } finally {
        await postgres.close();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    }
    return results;
  },
};
export default bench;
