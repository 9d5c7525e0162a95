import { type Kysely, SqliteAdapter } from 'kysely';

/** Migrations branch on this only where SQL truly differs (full-text search, JSON operators). */
export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}
