import type { Kysely } from 'kysely';

/**
 * `/v1` as a drop-in backend (issue 22): each API key chooses the prompt mode (`hearth` builds the
 * prompt, `client` forwards the client's messages) and whether client-mode exchanges feed memory;
 * chats remember the key that opened them, so calls without a chat id continue that key's most recent
 * API chat with the character instead of opening a new one each time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('prompt_mode', 'text', (column) => column.notNull().defaultTo('hearth'))
    .execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('client_memory', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  // An API key id, or `session` for /v1 calls made with the web session; null for chats of the web UI.
  await db.schema.alterTable('chats').addColumn('api_key_id', 'text').execute();
  await db.schema
    .createIndex('chats_api_reuse')
    .on('chats')
    .columns(['user_id', 'character_id', 'api_key_id', 'last_message_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('chats_api_reuse').execute();
  await db.schema.alterTable('chats').dropColumn('api_key_id').execute();
  await db.schema.alterTable('api_keys').dropColumn('client_memory').execute();
  await db.schema.alterTable('api_keys').dropColumn('prompt_mode').execute();
}
