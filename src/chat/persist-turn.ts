import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { ChatRow, Database, MessageRow } from '../db/index.js';
import { preparedInsert, preparedQuery } from '../db/prepared.js';
import { newId } from '../ids.js';
import { autoTitle } from './chat-settings.js';
import type { HistoryCache } from './history-cache.js';
import { type HistoryRow, newMessageRow, swipesOf } from './message-store.js';
import type { TurnPlan } from './plan-turn.js';
import { moderationHash } from './input-moderation.js';
import type { MediaRef } from './stages.js';

export interface StoredTurn {
  userMessage: MessageRow | null;
  reply: MessageRow;
}

export interface ReplyToStore {
  content: string;
  status: MessageRow['status'];
  kind: string | null;
  media: MediaRef[];
}

// Every turn runs these.
const insertMessage = preparedInsert('messages');
// Goes last, like the revision bumps of message edits (message row, then chat row): the same lock
// order everywhere, so concurrent writers on PostgreSQL never deadlock.
const touchChat = preparedQuery<{ chatId: string; now: string }, { history_revision: number }>((db, slot) =>
  db
    .updateTable('chats')
    .set({ last_message_at: slot('now'), updated_at: slot('now') })
    .where('id', '=', slot('chatId'))
    .returning('history_revision'),
);
const chatRevision = preparedQuery<{ chatId: string }, { history_revision: number }>((db, slot) =>
  db.selectFrom('chats').select('history_revision').where('id', '=', slot('chatId')),
);

/**
 * Stage 9 (storage half): the user's message and the reply are written in ONE transaction, so a
 * crash never leaves a question without its answer or a reply without its question.
 */
export async function persistTurn(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    chat: ChatRow;
    plan: TurnPlan;
    userMessageId: string;
    userStatus?: MessageRow['status'];
    reply: ReplyToStore;
    /** Told the history as it is after this write. */
    history: HistoryCache;
  },
): Promise<StoredTurn> {
  const { chat, plan, reply } = input;
  const result = await db.transaction().execute(async (trx) => {
    const now = isoNow(clock);
    const [{ history_revision: before }] = (await chatRevision(trx, { chatId: chat.id })).rows;
    // Each message written bumps the revision once (triggers); the cache checks the count.
    let writes = 0;
    let userMessage: MessageRow | null = null;
    if (plan.newUserText !== null) {
      userMessage = newMessageRow({
        id: input.userMessageId,
        chatId: chat.id,
        role: 'user',
        content: plan.newUserText,
        status: input.userStatus ?? 'complete',
        kind: null,
        createdAt: now,
        // Stage 3 checked this very text before the turn got here.
        moderatedHash: moderationHash(plan.newUserText),
      });
      await insertMessage(trx, userMessage);
      writes += 1;
    }
    // A retry answers a user message whose first reply failed: it is answered now (issue 21 item 2).
    const retried = retriedUserMessage(plan);
    if (retried) {
      await trx
        .updateTable('messages')
        .set({ status: 'complete', swipes: retriedSwipes(now, retried.content), updated_at: now })
        .where('id', '=', retried.id)
        .where('status', '=', 'error')
        .execute();
      writes += 1;
    }
    let stored: MessageRow;
    if (plan.target.type === 'new-reply') {
      stored = newMessageRow({
        id: newId(),
        chatId: chat.id,
        role: 'assistant',
        content: reply.content,
        status: reply.status,
        kind: reply.kind,
        media: reply.media,
        createdAt: now,
      });
      await insertMessage(trx, stored);
      writes += 1;
    } else {
      const current = await trx
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', plan.target.message.id)
        .executeTakeFirstOrThrow();
      const swipes = swipesOf(current);
      let swipeIndex = current.swipe_index;
      let content = reply.content;
      if (plan.target.type === 'swipe') {
        swipes.push({ content, status: reply.status, createdAt: now });
        swipeIndex = swipes.length - 1;
      } else {
        content = current.content + reply.content;
        swipes[swipeIndex] = { ...swipes[swipeIndex], content, status: reply.status };
      }
      const changes = {
        content,
        status: reply.status,
        swipes: JSON.stringify(swipes),
        swipe_index: swipeIndex,
        kind: reply.kind,
        media: JSON.stringify(reply.media),
        updated_at: now,
      };
      await trx.updateTable('messages').set(changes).where('id', '=', current.id).execute();
      writes += 1;
      stored = { ...current, ...changes };
    }
    const [{ history_revision: after }] = (await touchChat(trx, { chatId: chat.id, now })).rows;
    if (chat.title_is_auto === 1 && userMessage?.status === 'complete') {
      // The first exchange names the chat (issue 20 item 7); a rename clears the flag for good.
      await trx
        .updateTable('chats')
        .set({ title: autoTitle(userMessage.content), title_is_auto: 0 })
        .where('id', '=', chat.id)
        .where('title_is_auto', '=', 1)
        .execute();
    }
    return { userMessage, reply: stored, revision: { before, after, writes } };
  });
  const { userMessage, reply: storedReply, revision } = result;
  const written = [userMessage, storedReply].filter((row) => row !== null).map(historyRowOf);
  const recent = plan.recent.map((row) =>
    row.id === retriedUserMessage(plan)?.id ? { ...row, status: 'complete' as const } : row,
  );
  const rows =
    plan.target.type === 'new-reply'
      ? [...recent, ...written]
      : [...recent.filter((row) => row.id !== storedReply.id), ...written];
  input.history.stored(chat.id, { readAt: plan.revision, ...revision, rows });
  return { userMessage, reply: storedReply };
}

function historyRowOf(row: MessageRow): HistoryRow {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    status: row.status,
    moderated_hash: row.moderated_hash,
  };
}

function retriedUserMessage(plan: TurnPlan): HistoryRow | null {
  const last = plan.recent.at(-1);
  const isRetry = plan.newUserText === null && plan.target.type === 'new-reply';
  return isRetry && last?.role === 'user' && last.status === 'error' ? last : null;
}

function retriedSwipes(now: string, content: string): string {
  return JSON.stringify([{ content, status: 'complete', createdAt: now }]);
}

/**
 * A turn that failed before any reply (no model ready, provider down) keeps the user's message, marked
 * `error`, so it stays in the history with a retry; a retry (regenerate) answers it without a second copy
 * (issue 21 item 2). After a failed retry it returns the still unanswered message.
 */
export async function persistFailedUserMessage(
  db: Kysely<Database>,
  clock: Clock,
  input: { chat: ChatRow; plan: TurnPlan; userMessageId: string; history: HistoryCache },
): Promise<MessageRow | null> {
  const { chat, plan } = input;
  if (plan.newUserText === null) {
    // A failed retry: the message is still the unanswered one.
    const retried = retriedUserMessage(plan);
    if (!retried) return null;
    return (
      (await db.selectFrom('messages').selectAll().where('id', '=', retried.id).executeTakeFirst()) ?? null
    );
  }
  const text = plan.newUserText;
  const result = await db.transaction().execute(async (trx) => {
    const now = isoNow(clock);
    const [{ history_revision: before }] = (await chatRevision(trx, { chatId: chat.id })).rows;
    const row = newMessageRow({
      id: input.userMessageId,
      chatId: chat.id,
      role: 'user',
      content: text,
      status: 'error',
      kind: null,
      createdAt: now,
    });
    await insertMessage(trx, row);
    const [{ history_revision: after }] = (await touchChat(trx, { chatId: chat.id, now })).rows;
    return { row, revision: { before, after, writes: 1 } };
  });
  input.history.stored(chat.id, {
    readAt: plan.revision,
    ...result.revision,
    rows: [...plan.recent, historyRowOf(result.row)],
  });
  return result.row;
}
