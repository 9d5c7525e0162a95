import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import { type Partition, partitionKey } from './partition.js';
import type { ScoredId } from './vector-scorer.js';

type Hit = { id: string; score: number };

// Rank inside the index first and read only the best rows: joining every match cost ~35% more.
// The join still checks user and character (two partitions could share a code). Compiled once.
const fts5Search = preparedQuery<Partition & { match: string; limit: number }, Hit>((db, slot) => {
  const query = sql<Hit>`
    SELECT m.id AS id, hit.score AS score
    FROM (SELECT rowid, bm25(memory_fts) AS score FROM memory_fts WHERE memory_fts MATCH ${slot('match')}
          ORDER BY score LIMIT ${slot('limit')}) hit
    JOIN memory_items m ON m.rowid = hit.rowid
    WHERE m.user_id = ${slot('userId')} AND m.character_id = ${slot('characterId')}
    ORDER BY hit.score`;
  return { compile: () => query.compile(db) };
});
const tsvectorSearch = preparedQuery<Partition & { query: string; limit: number }, Hit>((db, slot) => {
  const query = sql<Hit>`
    SELECT id, ts_rank(search, q, 1) AS score
    FROM memory_items, to_tsquery('english', ${slot('query')}) q
    WHERE user_id = ${slot('userId')} AND character_id = ${slot('characterId')} AND search @@ q
    ORDER BY score DESC LIMIT ${slot('limit')}`;
  return { compile: () => query.compile(db) };
});

/**
 * Full-text search within one partition: FTS5 `bm25()` on SQLite, `ts_rank` over the stored tsvector
 * on PostgreSQL. Terms are OR-ed (any matching word counts; ranking does the rest).
 * `words` must be plain letters/digits (see `contentWords`), so they are safe inside both syntaxes.
 *
 * SQLite indexes every word prefixed with the partition code (migration 0007), so each term here is
 * the prefixed word: its doclist and BM25 document frequency cover this partition only, and the
 * cost no longer grows with other users' memories. PostgreSQL uses `ts_rank`, not `ts_rank_cd`: cover
 * density cost ~4x more per matching row (40 ms over 3,300 matches of a 10,000-memory partition).
 */
export async function lexicalSearch(
  db: Db,
  partition: Partition,
  words: string[],
  limit: number,
): Promise<ScoredId[]> {
  const terms = words.filter((word) => /^[\p{L}\p{N}]+$/u.test(word)).slice(0, 32);
  if (terms.length === 0) return [];
  if (db.fullText === 'fts5') {
    const scope = partitionKey(partition);
    const match = terms.map((term) => `"${scope}${term}"`).join(' OR ');
    const result = await fts5Search(db.kysely, { ...partition, match, limit });
    // bm25() is "lower is better"; flip so callers always sort descending.
    return result.rows.map((row) => ({ id: row.id, score: -row.score }));
  }
  const result = await tsvectorSearch(db.kysely, { ...partition, query: terms.join(' | '), limit });
  return result.rows.map((row) => ({ id: row.id, score: Number(row.score) }));
}
