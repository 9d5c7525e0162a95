import { sql } from 'kysely';
import type { Db } from './dialect.js';

/**
 * After an erasure (account deletion): SQLite's FTS5 indexes keep deleted terms in their segment
 * blobs until segments merge, so a deleted user's words stayed readable in `*_fts_data` (issue 13
 * item 1). `optimize` merges every segment into one without them. PostgreSQL's tsvector columns live
 * in the rows themselves and are gone with them.
 */
export async function purgeDeletedText(db: Db): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master
    WHERE type = 'table' AND lower(sql) LIKE 'create virtual table%using fts5%'`.execute(db.kysely);
  for (const { name } of rows) {
    await sql`INSERT INTO ${sql.table(name)}(${sql.ref(name)}) VALUES ('optimize')`.execute(db.kysely);
  }
}
