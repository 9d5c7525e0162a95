import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect-of.js';

/**
 * `chats.history_revision` counts every write to a chat's messages (insert, update, delete), kept by
 * triggers so no code path can forget it, on every node. A turn reads its chat row anyway, so an
 * in-process copy of the recent history is known to be current without reading 200 messages again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('chats')
    .addColumn('history_revision', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  if (isSqlite(db)) {
    const bump = (row: 'new' | 'old') =>
      sql.raw(`UPDATE chats SET history_revision = history_revision + 1 WHERE id = ${row}.chat_id;`);
    await sql`CREATE TRIGGER messages_revision_insert AFTER INSERT ON messages BEGIN ${bump('new')} END`.execute(
      db,
    );
    await sql`CREATE TRIGGER messages_revision_update AFTER UPDATE ON messages BEGIN ${bump('new')} END`.execute(
      db,
    );
    await sql`CREATE TRIGGER messages_revision_delete AFTER DELETE ON messages BEGIN ${bump('old')} END`.execute(
      db,
    );
    return;
  }
  await sql`CREATE FUNCTION messages_bump_history_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE chats SET history_revision = history_revision + 1
        WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.chat_id ELSE NEW.chat_id END);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER messages_revision AFTER INSERT OR UPDATE OR DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION messages_bump_history_revision()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const trigger of [
      'messages_revision_insert',
      'messages_revision_update',
      'messages_revision_delete',
    ]) {
      await sql`DROP TRIGGER IF EXISTS ${sql.ref(trigger)}`.execute(db);
    }
  } else {
    await sql`DROP TRIGGER IF EXISTS messages_revision ON messages`.execute(db);
    await sql`DROP FUNCTION IF EXISTS messages_bump_history_revision()`.execute(db);
  }
  await db.schema.alterTable('chats').dropColumn('history_revision').execute();
}
