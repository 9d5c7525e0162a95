import type { Kysely } from 'kysely';

/**
 * A ban revokes the user's sessions (issue 13 item 2). The row is kept, marked, rather than deleted:
 * a browser still holding the cookie is then told `account_banned` instead of silently becoming
 * anonymous, and a reinstated account does not get the old sessions back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('revoked_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('revoked_at').execute();
}
