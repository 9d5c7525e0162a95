import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

// The safety layer's tables; migrations are append-only once released.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderation_items')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull().defaultTo('pending'))
    .addColumn('direction', 'text', (column) => column.notNull())
    .addColumn('subject_user_id', 'text', (column) => column.references('users.id').onDelete('set null'))
    .addColumn('reporter_id', 'text', (column) => column.references('users.id').onDelete('set null'))
    .addColumn('character_id', 'text')
    .addColumn('chat_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('context', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('categories', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('action_taken', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('moderation_items_status_idx')
    .on('moderation_items')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('moderation_items_subject_idx')
    .on('moderation_items')
    .column('subject_user_id')
    .execute();
  await db.schema
    .createIndex('moderation_items_character_idx')
    .on('moderation_items')
    .column('character_id')
    .execute();

  await db.schema
    .createTable('strikes')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (column) => column.references('moderation_items.id').onDelete('set null'))
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('strikes_user_idx').on('strikes').column('user_id').execute();

  await db.schema
    .createTable('suspensions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('lifted_at', 'text')
    .addColumn('lifted_by', 'text')
    .execute();
  await db.schema.createIndex('suspensions_user_idx').on('suspensions').column('user_id').execute();

  // No foreign keys: audit rows outlive the accounts they mention (and a cascade would be a delete).
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('subject_user_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('details', 'text', (column) => column.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').column('subject_user_id').execute();

  if (isSqlite(db)) {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    // TRUNCATE bypasses row triggers; refuse it too.
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  }

  await db.schema
    .createTable('safe_reply_templates')
    .addColumn('character_id', 'text', (column) => column.notNull())
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('template', 'text', (column) => column.notNull())
    .addColumn('updated_by', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('safe_reply_templates_pk', ['character_id', 'code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('safe_reply_templates').execute();
  await db.schema.dropTable('audit_log').execute();
  if (!isSqlite(db)) await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
  await db.schema.dropTable('suspensions').execute();
  await db.schema.dropTable('strikes').execute();
  await db.schema.dropTable('moderation_items').execute();
}
