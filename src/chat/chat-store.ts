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
  input: {
    userId: string;
    characterId: string;
    title: string;
    externalKey?: string;
    /** The API key (or `session`) of the `/v1` calls that open it. */
    apiKeyId?: string;
    personaId?: string | null;
    /** The title is a placeholder the first exchange replaces (issue 20 item 7). */
    titleIsAuto?: boolean;
    branchedFrom?: { chatId: string; messageId: string };
    /** Settings a branch or an import carries over (author's note, folder, tags). */
    settings?: Partial<
      Pick<ChatRow, 'author_note' | 'author_note_depth' | 'author_note_frequency' | 'folder' | 'tags'>
    >;
  },
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
    persona_id: input.personaId ?? null,
    pinned: 0,
    archived: 0,
    folder: null,
    tags: '[]',
    last_read_at: now,
    branched_from_chat_id: input.branchedFrom?.chatId ?? null,
    branched_from_message_id: input.branchedFrom?.messageId ?? null,
    title_is_auto: input.titleIsAuto ? 1 : 0,
    author_note: '',
    author_note_depth: 4,
    author_note_frequency: 1,
    api_key_id: input.apiKeyId ?? null,
    ...input.settings,
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
    personaId: row.persona_id,
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    folder: row.folder,
    tags: JSON.parse(row.tags) as string[],
    lastReadAt: row.last_read_at,
    branchedFrom: row.branched_from_chat_id
      ? { chatId: row.branched_from_chat_id, messageId: row.branched_from_message_id }
      : null,
    authorNote: {
      text: row.author_note,
      depth: row.author_note_depth,
      frequency: row.author_note_frequency,
    },
  };
}
