import type { Kysely } from 'kysely';

/**
 * Chat craft (issue 20): user personas, and the per-chat settings a chat list and a prompt need —
 * persona, pin/archive/folder/tags, read marker, branch origin, automatic title, author's note.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('personas')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('pronouns', 'text')
    .addColumn('avatar', 'text')
    .addColumn('is_default', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('personas_user_idx').on('personas').columns(['user_id', 'id']).execute();

  const columns: [string, 'text' | 'integer', unknown][] = [
    ['persona_id', 'text', null],
    ['pinned', 'integer', 0],
    ['archived', 'integer', 0],
    ['folder', 'text', null],
    ['tags', 'text', '[]'],
    ['last_read_at', 'text', null],
    ['branched_from_chat_id', 'text', null],
    ['branched_from_message_id', 'text', null],
    ['title_is_auto', 'integer', 0],
    ['author_note', 'text', ''],
    ['author_note_depth', 'integer', 4],
    ['author_note_frequency', 'integer', 1],
  ];
  for (const [name, type, fallback] of columns) {
    await db.schema
      .alterTable('chats')
      .addColumn(name, type, (column) => (fallback === null ? column : column.notNull().defaultTo(fallback)))
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'persona_id',
    'pinned',
    'archived',
    'folder',
    'tags',
    'last_read_at',
    'branched_from_chat_id',
    'branched_from_message_id',
    'title_is_auto',
    'author_note',
    'author_note_depth',
    'author_note_frequency',
  ]) {
    await db.schema.alterTable('chats').dropColumn(name).execute();
  }
  await db.schema.dropTable('personas').execute();
}
