import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { type Db, type DialectName, migrateToLatest, openDb } from '../../src/db/index.js';

/**
 * Runs integration suites on every dialect. SQLite always; PostgreSQL from DATABASE_URL_TEST.
 * On a laptop without PostgreSQL that half is skipped; with CI=true a missing PostgreSQL fails.
 */
const postgresUrl = process.env.DATABASE_URL_TEST;
const isCi = process.env.CI === 'true';

if (isCi && !postgresUrl) {
  throw new Error('CI=true but DATABASE_URL_TEST is not set: the PostgreSQL suites cannot be skipped in CI.');
}

export const dialects: DialectName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * A fresh, migrated, empty database. PostgreSQL ones are whole throwaway databases (not schemas):
 * Kysely's migrator introspects every schema of a database, so a schema dropped by a parallel test
 * mid-introspection failed unrelated suites.
 */
export async function createTestDb(dialect: DialectName): Promise<Db> {
  if (dialect === 'sqlite') {
    const db = openDb({ sqlitePath: ':memory:' });
    await migrateToLatest(db.kysely);
    return db;
  }
  if (!postgresUrl) throw new Error('DATABASE_URL_TEST is not set');
  const name = `hearth_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const db = openDb({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateToLatest(db.kysely);
  return {
    ...db,
    async close() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** `describe` once per dialect; the suite's tests get the dialect name. */
export function describeEachDialect(name: string, suite: (dialect: DialectName) => void): void {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => suite(dialect));
  }
}
