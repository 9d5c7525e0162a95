import type { Migration } from 'kysely';
import * as accounts from './0001-accounts.js';

/**
 * Every migration, in order. One set for both dialects: migrations take `Kysely<any>`, import
 * nothing from `src/`, and branch on the dialect only where SQL truly differs (full-text search).
 */
export const migrations: Record<string, Migration> = {
  '0001-accounts': accounts,
};
