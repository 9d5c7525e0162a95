import { type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter, sql } from 'kysely';
import { migrations } from './migrations/index.js';

/** Migrations are bundled as modules (not read from disk) so they run the same from tsx and dist. */
class BundledMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(kysely: Kysely<any>): Promise<MigrationOutcome> {
  // Pin Kysely's bookkeeping tables to the current schema: unpinned, its "does the table exist" check
  // looks across every schema, so a second schema in the same database (parallel test schemas) made it
  // skip creating them and fail with 'relation "kysely_migration_lock" does not exist'.
  const migrationTableSchema = await currentPostgresSchema(kysely);
  // Unordered: work lands from parallel branches, each with its own number range, so a database migrated
  // at one commit may lack a lower-numbered migration that lands later.
  const migrator = new Migrator({
    db: kysely,
    provider: new BundledMigrations(),
    migrationTableSchema,
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).map((result) => result.migrationName) };
}

async function currentPostgresSchema(kysely: Kysely<any>): Promise<string | undefined> {
  if (!(kysely.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const result = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(kysely);
  return result.rows[0]?.schema;
}
