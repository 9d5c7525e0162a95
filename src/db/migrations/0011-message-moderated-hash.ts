import type { Kysely } from 'kysely';

/**
 * `messages.moderated_hash`: a hash of the text that last passed input moderation (issue 13 item 3).
 * Edited text no longer matches it, whatever code path edited it, so a regenerate or continue knows
 * the last user message was never checked in its current form. Null for rows written before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('moderated_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('moderated_hash').execute();
}
