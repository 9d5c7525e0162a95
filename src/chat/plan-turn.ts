import type { Kysely } from 'kysely';
import type { ChatRow, Database } from '../db/index.js';
import { Conflict } from '../errors.js';
import type { HistoryCache } from './history-cache.js';
import type { HistoryRow } from './message-store.js';
import type { TurnHistoryMessage } from './stages.js';

export type TurnMode = { type: 'send'; content: string } | { type: 'regenerate' } | { type: 'continue' };

/** What a turn will produce: a new reply, another swipe of the last reply, or more of it. */
export type TurnTarget =
  | { type: 'new-reply' }
  | { type: 'swipe'; message: HistoryRow }
  | { type: 'continue'; message: HistoryRow };

export interface TurnPlan {
  /** The user's new text (send) — the only text that goes through input moderation. */
  newUserText: string | null;
  /** The text memory recall searches with: the latest user text. */
  queryText: string;
  /** The stored user message the reply answers (null when it is new): memory points at it. */
  queryMessageId: string | null;
  history: TurnHistoryMessage[];
  target: TurnTarget;
  /** The stored messages the plan was made from (oldest first) and the chat's revision then. */
  recent: HistoryRow[];
  revision: number;
}

/** Blocked exchanges stay visible to the user but never go back into a prompt. */
function toHistory(rows: HistoryRow[]): TurnHistoryMessage[] {
  return rows
    .filter((row) => row.status !== 'blocked')
    .map((row) => ({ role: row.role, content: row.content }));
}

function lastUser(rows: HistoryRow[]): { queryText: string; queryMessageId: string | null } {
  const row = rows.findLast((candidate) => candidate.role === 'user' && candidate.status !== 'blocked');
  return { queryText: row?.content ?? '', queryMessageId: row?.id ?? null };
}

export async function planTurn(
  db: Kysely<Database>,
  cache: HistoryCache,
  chat: ChatRow,
  mode: TurnMode,
): Promise<TurnPlan> {
  const rows = await cache.recent(db, chat);
  const source = { recent: rows, revision: chat.history_revision };
  const last = rows.at(-1);
  if (mode.type === 'send') {
    return {
      ...source,
      newUserText: mode.content,
      queryText: mode.content,
      queryMessageId: null,
      history: [...toHistory(rows), { role: 'user', content: mode.content }],
      target: { type: 'new-reply' },
    };
  }
  if (!last) throw new Conflict('nothing_to_regenerate', 'This chat has no messages yet.');
  if (mode.type === 'continue') {
    if (last.role !== 'assistant' || last.status === 'blocked') {
      throw new Conflict('nothing_to_continue', 'Only the last reply of the character can be continued.');
    }
    return {
      ...source,
      newUserText: null,
      ...lastUser(rows),
      history: toHistory(rows),
      target: { type: 'continue', message: last },
    };
  }
  if (last.role === 'user') {
    return {
      ...source,
      newUserText: null,
      queryText: last.content,
      queryMessageId: last.id,
      history: toHistory(rows),
      target: { type: 'new-reply' },
    };
  }
  if (last.status === 'blocked')
    throw new Conflict('cannot_regenerate', 'A safety reply cannot be regenerated.');
  const before = rows.slice(0, -1);
  return {
    ...source,
    newUserText: null,
    ...lastUser(before),
    history: toHistory(before),
    target: { type: 'swipe', message: last },
  };
}
