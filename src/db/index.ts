export { openDb, sqliteFileIn, type Db, type DbOptions, type DialectName } from './dialect.js';
export { migrateToLatest } from './migrate.js';
export { purgeDeletedText } from './purge-deleted-text.js';
export type * from './schema.js';
export type * from './tables/billing.js';
export type * from './tables/characters.js';
export type * from './tables/chats.js';
export type * from './tables/memory.js';
export type * from './tables/safety.js';
