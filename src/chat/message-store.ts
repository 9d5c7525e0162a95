import type { Kysely } from 'kysely';
import type { Database, MessageRow } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import { NotFound } from '../errors.js';
import type { MediaRef } from './stages.js';

export type MessageStatus = MessageRow['status'];

export interface Swipe {
  content: string;
  status: MessageStatus;
  createdAt: string;
}

export function swipesOf(row: MessageRow): Swipe[] {
  return JSON.parse(row.swipes) as Swipe[];
}

export function newMessageRow(input: {
  id: string;
  chatId: string;
  role: MessageRow['role'];
  content: string;
  status: MessageStatus;
  kind: string | null;
  media?: MediaRef[];
  createdAt: string;
  /** Hash of the text when it passed input moderation (input-moderation.ts). */
  moderatedHash?: string | null;
}): MessageRow {
  return {
    id: input.id,
    chat_id: input.chatId,
    role: input.role,
    content: input.content,
    status: input.status,
    swipes: JSON.stringify([{ content: input.content, status: input.status, createdAt: input.createdAt }]),
    swipe_index: 0,
    kind: input.kind,
    media: JSON.stringify(input.media ?? []),
    created_at: input.createdAt,
    updated_at: input.createdAt,
    moderated_hash: input.moderatedHash ?? null,
  };
}

/** Newest first, `before` an exclusive id cursor; one extra row tells whether more exist. */
export async function pageMessages(
  db: Kysely<Database>,
  chatId: string,
  options: { before?: string; limit: number },
): Promise<{ messages: MessageRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('chat_id', '=', chatId)
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.before) query = query.where('id', '<', options.before);
  const rows = await query.execute();
  const hasMore = rows.length > options.limit;
  const messages = hasMore ? rows.slice(0, options.limit) : rows;
  return { messages, nextCursor: hasMore ? messages[messages.length - 1].id : null };
}

export type HistoryRow = Pick<MessageRow, 'id' | 'role' | 'content' | 'status' | 'moderated_hash'>;

/** The last `limit` messages in chronological order, for prompt history (no swipes or media). */
// Every turn runs it.
const lastMessages = preparedQuery<{ chatId: string; limit: number }, HistoryRow>((db, slot) =>
  db
    .selectFrom('messages')
    .select(['id', 'role', 'content', 'status', 'moderated_hash'])
    .where('chat_id', '=', slot('chatId'))
    .orderBy('id', 'desc')
    .limit(slot('limit')),
);

export async function recentMessages(
  db: Kysely<Database>,
  chatId: string,
  limit: number,
): Promise<HistoryRow[]> {
  const { rows } = await lastMessages(db, { chatId, limit });
  return rows.reverse();
}

/** A message of a chat the user owns, or 404 (the join makes ownership part of the lookup). */
export async function getOwnMessage(
  db: Kysely<Database>,
  userId: string,
  messageId: string,
): Promise<MessageRow & { character_id: string }> {
  const row = await db
    .selectFrom('messages')
    .innerJoin('chats', 'chats.id', 'messages.chat_id')
    .selectAll('messages')
    .select('chats.character_id')
    .where('messages.id', '=', messageId)
    .where('chats.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new NotFound('message_not_found', 'No message with that id.');
  return row;
}

export function publicMessage(row: MessageRow) {
  return {
    id: row.id,
    chatId: row.chat_id,
    role: row.role,
    content: row.content,
    status: row.status,
    swipeIndex: row.swipe_index,
    swipeCount: swipesOf(row).length,
    media: JSON.parse(row.media) as MediaRef[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type PublicMessage = ReturnType<typeof publicMessage>;
