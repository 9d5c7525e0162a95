import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../db/index.js';

/** An executor inside a money transaction (a dedicated connection between BEGIN and COMMIT). */
export type MoneyExecutor = Kysely<Database>;

const RETRYABLE_POSTGRES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in one database transaction that is safe against concurrent spenders.
 *
 * SQLite: Kysely's `transaction()` issues a deferred `BEGIN`, whose read-then-write upgrade can fail
 * with SQLITE_BUSY_SNAPSHOT when another process wrote in between (busy_timeout does not help there).
 * We take the write lock up front with `BEGIN IMMEDIATE` on a dedicated connection instead, so the
 * whole read-check-write sequence is serialised across processes and busy_timeout applies.
 * PostgreSQL: READ COMMITTED plus guarded conditional UPDATEs (see ledger.ts); deadlocks and
 * serialisation failures are retried.
 */
export async function runMoneyTransaction<T>(db: Db, work: (trx: MoneyExecutor) => Promise<T>): Promise<T> {
  if (db.dialect === 'sqlite') {
    return db.kysely.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const result = await work(connection);
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        await sql`ROLLBACK`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.kysely.transaction().execute((trx) => work(trx));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE_POSTGRES.has(code)) throw error;
    }
  }
}

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; message?: string };
  return (
    candidate?.code === '23505' ||
    candidate?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    candidate?.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
