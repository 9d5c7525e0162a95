import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../db/index.js';
import { type HistoryRow, recentMessages } from './message-store.js';

// Enough history for any context window; prompt assembly trims it to the token budget.
export const HISTORY_LIMIT = 200;

interface Entry {
  revision: number;
  rows: HistoryRow[];
}

/**
 * The recent messages of the chats being talked to, kept in process: reading 200 messages was the
 * largest query of a turn. `chats.history_revision` is bumped by triggers on every write to a chat's
 * messages, by any code path on any node (migration 0008); a turn reads its chat row anyway, so a
 * copy made at the row's revision is current. A turn that stores its exchange updates the copy itself.
 * Rows handed out are shared: callers must not mutate them.
 */
export class HistoryCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly capacity = 256,
    readonly limit = HISTORY_LIMIT,
  ) {}

  /** The chat's last `limit` messages, oldest first. */
  async recent(db: Kysely<Database>, chat: ChatRow): Promise<HistoryRow[]> {
    const cached = this.#entries.get(chat.id);
    if (cached && cached.revision === chat.history_revision) {
      this.#remember(chat.id, cached);
      return cached.rows;
    }
    // Read after the chat row: the rows are at least as new as its revision, never older.
    const rows = await recentMessages(db, chat.id, this.limit);
    this.#remember(chat.id, { revision: chat.history_revision, rows });
    return rows;
  }

  /**
   * After a turn stored its `writes` messages in one transaction. `readAt` is the revision its history
   * was read at; `before` and `after` were read in that transaction, before its first write and after
   * its last. Anyone else's write in between (another tab, another node) shows as `before !== readAt`
   * or as more bumps than `writes`, and the next turn reads the database again. (Once this
   * transaction has written, another writer's bump waits for its commit, so `after` is exact.)
   */
  stored(
    chatId: string,
    write: { readAt: number; before: number; after: number; writes: number; rows: HistoryRow[] },
  ): void {
    if (write.before !== write.readAt || write.after !== write.before + write.writes) {
      this.#entries.delete(chatId);
      return;
    }
    this.#remember(chatId, { revision: write.after, rows: write.rows.slice(-this.limit) });
  }

  /** Drops a chat's copy (the chat was deleted: its words must not outlive it in memory). */
  forget(chatId: string): void {
    this.#entries.delete(chatId);
  }

  #remember(chatId: string, entry: Entry): void {
    // Map order is insertion order: re-inserting keeps the most recently used last.
    this.#entries.delete(chatId);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(chatId, entry);
  }
}
