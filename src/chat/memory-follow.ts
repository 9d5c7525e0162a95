import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/index.js';
import type { Database } from '../db/index.js';
import type { MemoryStage } from './stages.js';

/**
 * Memory follows the history (issue 21): a memory derived from a message is replaced when the message
 * is edited or another swipe is selected, and removed when it is deleted. The chat layer says which
 * messages changed; memory never reads the chat tables.
 */
export interface HistoryChange {
  chatId: string;
  characterId: string;
  /** A message whose text changed (edit, swipe selection): its exchange is remembered again. */
  changedMessageId?: string;
  /** Messages that no longer exist. */
  removedMessageIds?: string[];
}

export async function followHistoryChange(
  db: Kysely<Database>,
  memory: MemoryStage,
  actor: Actor,
  change: HistoryChange,
): Promise<void> {
  const messageIds = [...(change.removedMessageIds ?? [])];
  if (change.changedMessageId) messageIds.push(change.changedMessageId);
  if (messageIds.length === 0) return;
  await memory.forgetMessages({ actor, characterId: change.characterId, chatId: change.chatId, messageIds });
  if (!change.changedMessageId) return;
  const exchange = await exchangeAround(db, change.chatId, change.changedMessageId);
  if (!exchange) return;
  memory.afterTurn({
    actor,
    characterId: change.characterId,
    chatId: change.chatId,
    userMessageId: exchange.user.id,
    replyMessageId: exchange.reply.id,
    userText: exchange.user.content,
    replyText: exchange.reply.content,
    at: exchange.reply.created_at,
    replacing: true,
  });
}

/** A deleted chat takes everything memory derived from it along. */
export async function followChatDeletion(
  memory: MemoryStage,
  actor: Actor,
  chat: { id: string; character_id: string },
): Promise<void> {
  await memory.forgetMessages({ actor, characterId: chat.character_id, chatId: chat.id });
}

/** Ids of the chat's messages after `messageId` (what an edit with `truncateAfter` deletes). */
export async function messageIdsAfter(
  db: Kysely<Database>,
  chatId: string,
  messageId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select('id')
    .where('chat_id', '=', chatId)
    .where('id', '>', messageId)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The user message and reply that make up the exchange `messageId` belongs to, when both are
 * complete: a blocked or failed message was never remembered, and a greeting has no user message.
 */
async function exchangeAround(db: Kysely<Database>, chatId: string, messageId: string) {
  const message = await db
    .selectFrom('messages')
    .select(['id', 'role', 'content', 'status', 'created_at'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message) return undefined;
  const neighbour = db
    .selectFrom('messages')
    .select(['id', 'role', 'content', 'status', 'created_at'])
    .where('chat_id', '=', chatId);
  const other =
    message.role === 'user'
      ? await neighbour.where('id', '>', messageId).orderBy('id', 'asc').limit(1).executeTakeFirst()
      : await neighbour.where('id', '<', messageId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!other || other.role === message.role) return undefined;
  const [user, reply] = message.role === 'user' ? [message, other] : [other, message];
  if (user.status !== 'complete' || reply.status !== 'complete') return undefined;
  return { user, reply };
}
