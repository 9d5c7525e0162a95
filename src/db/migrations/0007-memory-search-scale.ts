import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

/**
 * Memory full-text search at scale (issue 6 §8). FTS5's bm25() counts each query term's documents
 * over the term's whole doclist, i.e. across every partition: at a million rows that alone took
 * ~20–35 ms a query. Every indexed word is now prefixed with a short partition code
 * (`memory_items.partition_key`), so a term's doclist — and its document frequency — is one
 * partition's. The prefix is consonants and digits only, which the Porter stemmer treats as a
 * leading consonant run, so stems stay as they were.
 * PostgreSQL: the planner assumed user and character independent and guessed ~100 rows for a
 * 10,000-row partition; extended statistics fix that estimate. Where the trusted `btree_gin`
 * extension can be used, one GIN index over (user_id, character_id, search) then finds a partition's
 * matches without reading its other rows (~40% faster at 10,000); without it the old index stays.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  if (sqlite) {
    for (const trigger of ['memory_items_fts_insert', 'memory_items_fts_delete', 'memory_items_fts_update']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.ref(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS memory_fts`.execute(db);
  }
  await rewritePartitionKeys(db, scopeCode);
  if (!sqlite) {
    await sql`CREATE STATISTICS IF NOT EXISTS memory_items_partition_stats (dependencies, ndistinct) ON user_id, character_id FROM memory_items`.execute(
      db,
    );
    if (await btreeGinUsable(db)) {
      await sql`CREATE INDEX memory_items_scoped_search_idx ON memory_items USING GIN (user_id, character_id, search)`.execute(
        db,
      );
      await sql`DROP INDEX IF EXISTS memory_items_search_idx`.execute(db);
    }
    await sql`ANALYZE memory_items`.execute(db);
    return;
  }
  // Contentless: the scoped text exists only in the index; deletes need just the rowid.
  await sql`CREATE VIRTUAL TABLE memory_fts USING fts5(text, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`.execute(
    db,
  );
  const scoped = (row: string) => sql.raw(scopedTextSql(`${row}.text`, `${row}.partition_key`));
  await sql`INSERT INTO memory_fts(rowid, text) SELECT rowid, ${scoped('memory_items')} FROM memory_items`.execute(
    db,
  );
  await sql`CREATE TRIGGER memory_items_fts_insert AFTER INSERT ON memory_items BEGIN
    INSERT INTO memory_fts(rowid, text) VALUES (new.rowid, ${scoped('new')});
  END`.execute(db);
  await sql`CREATE TRIGGER memory_items_fts_delete AFTER DELETE ON memory_items BEGIN
    DELETE FROM memory_fts WHERE rowid = old.rowid;
  END`.execute(db);
  await sql`CREATE TRIGGER memory_items_fts_update AFTER UPDATE OF text, partition_key ON memory_items BEGIN
    DELETE FROM memory_fts WHERE rowid = old.rowid;
    INSERT INTO memory_fts(rowid, text) VALUES (new.rowid, ${scoped('new')});
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  if (sqlite) {
    for (const trigger of ['memory_items_fts_insert', 'memory_items_fts_delete', 'memory_items_fts_update']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.ref(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS memory_fts`.execute(db);
  }
  await rewritePartitionKeys(db, legacyKey);
  if (!sqlite) {
    await sql`CREATE INDEX IF NOT EXISTS memory_items_search_idx ON memory_items USING GIN (search)`.execute(
      db,
    );
    await sql`DROP INDEX IF EXISTS memory_items_scoped_search_idx`.execute(db);
    await sql`DROP STATISTICS IF EXISTS memory_items_partition_stats`.execute(db);
    return;
  }
  // The 0004 layout, rebuilt from the content table.
  await sql`CREATE VIRTUAL TABLE memory_fts USING fts5(text, partition_key, content='memory_items', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`INSERT INTO memory_fts(memory_fts) VALUES ('rebuild')`.execute(db);
  await sql`CREATE TRIGGER memory_items_fts_insert AFTER INSERT ON memory_items BEGIN
    INSERT INTO memory_fts(rowid, text, partition_key) VALUES (new.rowid, new.text, new.partition_key);
  END`.execute(db);
  await sql`CREATE TRIGGER memory_items_fts_delete AFTER DELETE ON memory_items BEGIN
    INSERT INTO memory_fts(memory_fts, rowid, text, partition_key) VALUES ('delete', old.rowid, old.text, old.partition_key);
  END`.execute(db);
  await sql`CREATE TRIGGER memory_items_fts_update AFTER UPDATE OF text, partition_key ON memory_items BEGIN
    INSERT INTO memory_fts(memory_fts, rowid, text, partition_key) VALUES ('delete', old.rowid, old.text, old.partition_key);
    INSERT INTO memory_fts(rowid, text, partition_key) VALUES (new.rowid, new.text, new.partition_key);
  END`.execute(db);
}

/**
 * True once GIN can index plain text here: `btree_gin` installed (or installable: it is trusted, so
 * a database owner may create it) and its operator classes on the search path.
 */
async function btreeGinUsable(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ installed: boolean; available: boolean; allowed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') AS installed,
           EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin') AS available,
           has_database_privilege(current_database(), 'CREATE')
             AND has_schema_privilege(current_schema(), 'CREATE') AS allowed`.execute(db);
  const state = rows[0];
  if (!state.installed) {
    if (!state.available || !state.allowed) return false;
    await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db);
  }
  const visible = await sql<{ ok: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
      WHERE a.amname = 'gin' AND c.opcintype = 'text'::regtype AND c.opcdefault
        AND pg_opclass_is_visible(c.oid)) AS ok`.execute(db);
  return visible.rows[0].ok;
}

async function rewritePartitionKeys(
  db: Kysely<any>,
  keyOf: (userId: string, characterId: string) => string,
): Promise<void> {
  const partitions = await db
    .selectFrom('memory_items')
    .select(['user_id', 'character_id'])
    .distinct()
    .execute();
  for (const { user_id, character_id } of partitions) {
    await db
      .updateTable('memory_items')
      .set({ partition_key: keyOf(user_id, character_id) })
      .where('user_id', '=', user_id)
      .where('character_id', '=', character_id)
      .execute();
  }
}

const SCOPE_ALPHABET = 'bcdfghjklmnpqrstvwxz0123456789';

/** Copy of `partitionKey` in src/memory/partition.ts (a test keeps them equal). */
export function scopeCode(userId: string, characterId: string): string {
  const digest = createHash('sha256').update(`${userId}\u0000${characterId}`).digest();
  let key = '';
  for (let index = 0; index < 8; index += 1) key += SCOPE_ALPHABET[digest[index] % SCOPE_ALPHABET.length];
  return key;
}

/** The 0004-era key: one long FTS token naming the partition. */
function legacyKey(userId: string, characterId: string): string {
  const clean = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `p${clean(userId)}x${clean(characterId)}`;
}

/**
 * Word separators turned into spaces before each word gets the partition prefix: ASCII punctuation,
 * whitespace and the common typographic marks. A word after some rarer separator keeps no prefix
 * and cannot be found (the tokenizer splits there too); it never leaks into another partition.
 */
const SEPARATORS = [
  9,
  10,
  11,
  12,
  13,
  ...range(33, 47),
  ...range(58, 64),
  ...range(91, 96),
  ...range(123, 126),
  0xa0,
  0xa1,
  0xab,
  0xb7,
  0xbb,
  0xbf,
  0x2009,
  0x200a,
  0x200b,
  0x202f,
  0x3000,
  0x2010,
  0x2011,
  0x2012,
  0x2013,
  0x2014,
  0x2015,
  0x2018,
  0x2019,
  0x201a,
  0x201b,
  0x201c,
  0x201d,
  0x201e,
  0x2022,
  0x2026,
  0x2032,
  0x2033,
  0x2039,
  0x203a,
  0x3001,
  0x3002,
  0xff01,
  0xff0c,
  0xff1a,
  0xff1b,
  0xff1f,
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/**
 * SQL for `text` with every word prefixed by `key`: separators become spaces, runs of spaces
 * collapse (so no bare prefix tokens pad the document length), then each space gains the prefix.
 * Exported for tests; `lexicalSearch` prefixes query words the same way.
 */
export function scopedTextSql(text: string, key: string): string {
  let expression = text;
  for (const code of SEPARATORS) expression = `replace(${expression}, char(${code}), ' ')`;
  for (let pass = 0; pass < 6; pass += 1) expression = `replace(${expression}, '  ', ' ')`;
  return `${key} || replace(trim(${expression}), ' ', ' ' || ${key})`;
}
