export { openDb, sqliteFileIn, type Db, type DbOptions, type DialectName } from './dialect.js';
export { migrateToLatest } from './migrate.js';
export type * from './schema.js';
