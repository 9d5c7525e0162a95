import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { ChatRow, Database } from '../db/index.js';
import { BadRequest } from '../errors.js';
import { getOwnChat, insertChat } from './chat-store.js';

export interface ApiChatChoice {
  actor: Actor;
  characterId: string;
  chatHeader: string | string[] | undefined;
  /** The request's `user` field: a conversation key the client chose. */
  userKey?: string;
}

/** Whose `/v1` chats these are: the API key's, or the web session's (`session`). */
export const apiChatOwnerOf = (actor: Actor) => actor.apiKey?.id ?? 'session';

/**
 * The chat a `/v1` request continues (issue 20 item 7, issue 22 item 2), or null when a new one is
 * needed: `X-Hearth-Chat` names one; else the `user` field is a conversation key; else the caller's
 * most recent API chat with the character — per key, so two apps on two keys never share a chat.
 */
export async function findApiChat(db: Kysely<Database>, choice: ApiChatChoice): Promise<ChatRow | null> {
  const { actor, characterId } = choice;
  const header = choice.chatHeader;
  if (typeof header === 'string' && header) {
    const chat = await getOwnChat(db, actor.userId, header);
    if (chat.character_id !== characterId) {
      throw new BadRequest('chat_character_mismatch', 'X-Hearth-Chat names a chat with another character.');
    }
    return chat;
  }
  let query = db
    .selectFrom('chats')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .where('character_id', '=', characterId);
  query = choice.userKey
    ? query.where('external_key', '=', choice.userKey)
    : query.where('api_key_id', '=', apiChatOwnerOf(actor)).where('external_key', 'is', null);
  const chat = await query.orderBy('last_message_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return chat ?? null;
}

/** A new chat opened by a `/v1` call, marked with its key so the next call finds it. */
export function openApiChat(
  db: Kysely<Database>,
  clock: Clock,
  choice: ApiChatChoice & { title: string },
): Promise<ChatRow> {
  return insertChat(db, clock, {
    userId: choice.actor.userId,
    characterId: choice.characterId,
    title: choice.title,
    externalKey: choice.userKey,
    apiKeyId: apiChatOwnerOf(choice.actor),
  });
}
