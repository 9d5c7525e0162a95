import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../src/db/index.js';

/**
 * Every `table.column` of the whole database whose value contains `needle`, found generically: all
 * tables (on SQLite also FTS shadow tables), all columns, each value read as text (blobs as bytes).
 * Tests use it to prove that something is stored nowhere, without knowing the schema.
 */
export async function findTextEverywhere(
  db: Kysely<any>,
  dialect: DialectName,
  needle: string,
): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column, isBinary } of await listColumns(db, dialect)) {
    const target = sql`${sql.ref(table)}.${sql.ref(column)}`;
    const condition =
      dialect === 'sqlite'
        ? sql`instr(CAST(${target} AS TEXT), ${needle}) > 0`
        : isBinary
          ? sql`position(convert_to(${needle}, 'UTF8') in ${target}) > 0`
          : sql`position(${needle} in CAST(${target} AS text)) > 0`;
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(
      table,
    )} WHERE ${condition}`.execute(db);
    if (Number(rows[0].n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function listColumns(
  db: Kysely<any>,
  dialect: DialectName,
): Promise<{ table: string; column: string; isBinary: boolean }[]> {
  if (dialect === 'sqlite') {
    const { rows: tables } = await sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
    const columns: { table: string; column: string; isBinary: boolean }[] = [];
    for (const { name } of tables) {
      const { rows } = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${name})`.execute(db);
      for (const row of rows) columns.push({ table: name, column: row.name, isBinary: false });
    }
    return columns;
  }
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`.execute(db);
  return rows.map((row) => ({
    table: row.table_name,
    column: row.column_name,
    isBinary: row.data_type === 'bytea',
  }));
}
