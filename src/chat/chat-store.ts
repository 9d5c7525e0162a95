import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { ChatRow, Database } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import { NotFound } from '../errors.js';
import { newId } from '../ids.js';

/** Chats belong to one user; every query filters by owner, so another user's chat is a plain 404. */
export async function insertChat(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; characterId: string; title: string; externalKey?: string },
): Promise<ChatRow> {
  const now = isoNow(clock);
  const row: ChatRow = {
    id: newId(),
    user_id: input.userId,
    character_id: input.characterId,
    title: input.title,
    external_key: input.externalKey ?? null,
    created_at: now,
    updated_at: now,
    last_message_at: now,
    history_revision: 0,
  };
  await db.insertInto('chats').values(row).execute();
  return row;
}

// Every turn and most chat routes run it.
const ownChat = preparedQuery<{ chatId: string; userId: string }, ChatRow>((db, slot) =>
  db.selectFrom('chats').selectAll().where('id', '=', slot('chatId')).where('user_id', '=', slot('userId')),
);

export async function getOwnChat(db: Kysely<Database>, userId: string, chatId: string): Promise<ChatRow> {
  const [chat] = (await ownChat(db, { chatId, userId })).rows;
  if (!chat) throw new NotFound('chat_not_found', 'No chat with that id.');
  return chat;
}

export function listOwnChats(
  db: Kysely<Database>,
  userId: string,
  filter: { characterId?: string; limit: number },
): Promise<ChatRow[]> {
  let query = db
    .selectFrom('chats')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.characterId) query = query.where('character_id', '=', filter.characterId);
  return query.execute();
}

export async function renameChat(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  chatId: string,
  title: string,
) {
  await getOwnChat(db, userId, chatId);
  await db
    .updateTable('chats')
    .set({ title, updated_at: isoNow(clock) })
    .where('id', '=', chatId)
    .execute();
}

export async function deleteChat(db: Kysely<Database>, userId: string, chatId: string): Promise<ChatRow> {
  const chat = await getOwnChat(db, userId, chatId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('messages').where('chat_id', '=', chatId).execute();
    await trx.deleteFrom('chats').where('id', '=', chatId).execute();
  });
  return chat;
}

export function publicChat(row: ChatRow) {
  return {
    id: row.id,
    characterId: row.character_id,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastMessageAt: row.last_message_at,
  };
}
