import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

// The memory layer's tables (issue 6). Migrations are append-only once released.
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  await db.schema
    .createTable('memory_items')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('chat_id', 'text')
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('subject', 'text')
    .addColumn('importance', 'integer', (column) => column.notNull().defaultTo(5))
    .addColumn('valid_at', 'text')
    .addColumn('invalid_at', 'text')
    .addColumn('superseded_by', 'text')
    .addColumn('source_message_ids', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('range_start', 'text')
    .addColumn('range_end', 'text')
    .addColumn('partition_key', 'text', (column) => column.notNull())
    .addColumn('embedding', sqlite ? 'blob' : 'bytea')
    .addColumn('embedding_model', 'text')
    .addColumn('tokens', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('memory_items_partition_idx')
    .on('memory_items')
    .columns(['user_id', 'character_id', 'kind', 'id'])
    .execute();

  if (sqlite) {
    // External-content FTS5 kept in sync by triggers, i.e. inside the writing transaction.
    await sql`CREATE VIRTUAL TABLE memory_fts USING fts5(text, partition_key, content='memory_items', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(
      db,
    );
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
  } else {
    await sql`ALTER TABLE memory_items ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`.execute(
      db,
    );
    await sql`CREATE INDEX memory_items_search_idx ON memory_items USING GIN (search)`.execute(db);
  }

  await db.schema
    .createTable('memory_profile')
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('field', 'text', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('source_fact_id', 'text')
    .addColumn('user_edited', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('memory_profile_pk', ['user_id', 'character_id', 'field'])
    .execute();

  await db.schema
    .createTable('memory_jobs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('payload', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('memory_jobs_status_idx').on('memory_jobs').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('memory_jobs').execute();
  await db.schema.dropTable('memory_profile').execute();
  if (isSqlite(db)) await sql`DROP TABLE memory_fts`.execute(db);
  await db.schema.dropTable('memory_items').execute();
}
