import type { Migration } from 'kysely';
import * as accounts from './0001-accounts.js';
import * as characters from './0002-characters.js';
import * as chats from './0003-chats.js';
import * as memory from './0004-memory.js';
import * as safety from './0005-safety.js';
import * as billing from './0006-billing.js';
import * as memorySearchScale from './0007-memory-search-scale.js';
import * as chatHistoryRevision from './0008-chat-history-revision.js';
import * as memoryPartitionRevision from './0009-memory-partition-revision.js';
import * as sessionRevocation from './0010-session-revocation.js';
import * as messageModeratedHash from './0011-message-moderated-hash.js';
import * as cardSources from './0025-card-sources.js';
import * as chatCraft from './0040-chat-craft.js';
import * as apiKeyPromptModes from './0035-api-key-prompt-modes.js';

/**
 * Every migration, in order. One set for both dialects: migrations take `Kysely<any>`, import
 * nothing from `src/`, and branch on the dialect (`isSqlite`) only where SQL truly differs.
 */
export const migrations: Record<string, Migration> = {
  '0001-accounts': accounts,
  '0002-characters': characters,
  '0003-chats': chats,
  '0004-memory': memory,
  '0005-safety': safety,
  '0006-billing': billing,
  '0007-memory-search-scale': memorySearchScale,
  '0008-chat-history-revision': chatHistoryRevision,
  '0009-memory-partition-revision': memoryPartitionRevision,
  '0010-session-revocation': sessionRevocation,
  '0011-message-moderated-hash': messageModeratedHash,
  '0025-card-sources': cardSources,
  '0040-chat-craft': chatCraft,
  '0035-api-key-prompt-modes': apiKeyPromptModes,
};
