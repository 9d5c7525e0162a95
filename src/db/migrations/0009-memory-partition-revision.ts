import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

/**
 * One row per memory partition (user × character) counting writes to its items, kept by triggers on
 * every node: `insert_count` for new items, `change_count` for updates and deletes. The in-process caches of a
 * partition (vectors, recalled rows) check this row instead of `count(*)` over the partition, which
 * grew with it; and inserts alone (the common case, a stored turn) let them append rather than reload.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('memory_partitions')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('insert_count', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('change_count', 'bigint', (column) => column.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('memory_partitions_pk', ['user_id', 'character_id'])
    .execute();
  await sql`INSERT INTO memory_partitions (user_id, character_id, insert_count, change_count)
    SELECT user_id, character_id, count(*), 0 FROM memory_items GROUP BY user_id, character_id`.execute(db);

  if (isSqlite(db)) {
    await sql`CREATE TRIGGER memory_partitions_insert AFTER INSERT ON memory_items BEGIN
      INSERT INTO memory_partitions (user_id, character_id, insert_count, change_count)
        VALUES (new.user_id, new.character_id, 1, 0)
        ON CONFLICT (user_id, character_id) DO UPDATE SET insert_count = insert_count + 1;
    END`.execute(db);
    for (const [name, event] of [
      ['memory_partitions_update', 'UPDATE'],
      ['memory_partitions_delete', 'DELETE'],
    ] as const) {
      await sql`CREATE TRIGGER ${sql.ref(name)} AFTER ${sql.raw(event)} ON memory_items BEGIN
        UPDATE memory_partitions SET change_count = change_count + 1
          WHERE user_id = old.user_id AND character_id = old.character_id;
      END`.execute(db);
    }
    return;
  }
  // Statement-level with transition tables: one upsert per partition a statement touched, so bulk
  // inserts (imports, the eval) do not pay a trigger call per row.
  await sql`CREATE FUNCTION memory_partitions_count_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO memory_partitions (user_id, character_id, insert_count, change_count)
        SELECT user_id, character_id, count(*), 0 FROM inserted GROUP BY user_id, character_id
        ON CONFLICT (user_id, character_id)
        DO UPDATE SET insert_count = memory_partitions.insert_count + excluded.insert_count;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION memory_partitions_count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE memory_partitions p SET change_count = p.change_count + c.n
        FROM (SELECT user_id, character_id, count(*) AS n FROM changed GROUP BY user_id, character_id) c
        WHERE p.user_id = c.user_id AND p.character_id = c.character_id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER memory_partitions_insert AFTER INSERT ON memory_items
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION memory_partitions_count_inserts()`.execute(
    db,
  );
  await sql`CREATE TRIGGER memory_partitions_update AFTER UPDATE ON memory_items
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION memory_partitions_count_changes()`.execute(
    db,
  );
  await sql`CREATE TRIGGER memory_partitions_delete AFTER DELETE ON memory_items
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION memory_partitions_count_changes()`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of [
    'memory_partitions_insert',
    'memory_partitions_update',
    'memory_partitions_delete',
  ]) {
    if (isSqlite(db)) await sql`DROP TRIGGER IF EXISTS ${sql.ref(trigger)}`.execute(db);
    else await sql`DROP TRIGGER IF EXISTS ${sql.ref(trigger)} ON memory_items`.execute(db);
  }
  if (!isSqlite(db)) {
    await sql`DROP FUNCTION IF EXISTS memory_partitions_count_inserts()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS memory_partitions_count_changes()`.execute(db);
  }
  await db.schema.dropTable('memory_partitions').execute();
}
