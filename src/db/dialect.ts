import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** A connected database plus the capability flags that differ between dialects. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** Full-text search engine: FTS5 virtual tables on SQLite, tsvector columns on PostgreSQL. */
  readonly fullText: 'fts5' | 'tsvector';
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  /** SQLite file; `:memory:` for throwaway databases. */
  sqlitePath?: string;
  poolSize?: number;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own). */
  searchPath?: string;
}

export function sqliteFileIn(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  return path.join(dataDir, 'hearth.sqlite');
}

export function openDb(options: DbOptions): Db {
  if (options.databaseUrl)
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.searchPath);
  if (!options.sqlitePath) throw new Error('openDb needs databaseUrl or sqlitePath');
  return openSqlite(options.sqlitePath);
}

function openSqlite(file: string): Db {
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  return { kysely, dialect: 'sqlite', fullText: 'fts5', close: () => kysely.destroy() };
}

function openPostgres(url: string, poolSize: number, searchPath?: string): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: searchPath ? `-c search_path=${searchPath}` : undefined,
  });
  // An idle client whose connection the server ends (restart, failover, admin termination) emits
  // 'error' on the pool; unhandled, that would crash the process. The pool replaces the client.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', fullText: 'tsvector', close: () => kysely.destroy() };
}

/**
 * Kysely prepares every statement anew, and for our small indexed queries preparing costs as much as
 * running them. Statements are reusable (Kysely only calls `all`/`run`), so keep recent ones.
 */
function withStatementCache(database: SqliteDatabase.Database, capacity = 1000) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(query: string): SqliteDatabase.Statement {
      let statement = cache.get(query);
      if (statement) {
        cache.delete(query);
      } else {
        statement = database.prepare(query);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(query, statement);
      return statement;
    },
    close(): void {
      database.close();
    },
  };
}
