import type { Kysely } from 'kysely';
import { isSqlite } from './dialect-of.js';

/**
 * Lossless cards (issues 21, 22 item 4): the card a user imported is kept as the export base —
 * its JSON text exactly as read, the design doc Hearth derived from it (so export can tell which fields
 * the user edited since), and every file that came with it (CHARX members in archive order, or the
 * whole original PNG). `card_imports` counts imports per user for the import quota (issue 13 item 7);
 * it outlives deleted characters so deleting does not reset the count.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = isSqlite(db) ? 'blob' : 'bytea';
  await db.schema
    .createTable('character_card_sources')
    .addColumn('character_id', 'text', (column) =>
      column.primaryKey().references('characters.id').onDelete('cascade'),
    )
    .addColumn('format', 'text', (column) => column.notNull())
    .addColumn('card_text', 'text', (column) => column.notNull())
    .addColumn('imported_doc', 'text', (column) => column.notNull())
    .addColumn('avatar_path', 'text')
    .addColumn('stored_bytes', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('character_card_files')
    .addColumn('character_id', 'text', (column) =>
      column.notNull().references('characters.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('path', 'text', (column) => column.notNull())
    .addColumn('bytes', bytes, (column) => column.notNull())
    .addPrimaryKeyConstraint('character_card_files_pk', ['character_id', 'position'])
    .execute();
  await db.schema
    .createTable('card_imports')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('card_imports_user_idx')
    .on('card_imports')
    .columns(['user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('card_imports').execute();
  await db.schema.dropTable('character_card_files').execute();
  await db.schema.dropTable('character_card_sources').execute();
}
