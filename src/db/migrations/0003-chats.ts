import type { Kysely } from 'kysely';

// The chats layer's tables. Empty until that layer lands; migrations are append-only once released.
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
