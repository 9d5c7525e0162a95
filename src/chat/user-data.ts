import type { UserDataContributor } from '../accounts/index.js';
import type { HistoryCache } from './history-cache.js';
import { swipesOf } from './message-store.js';
import type { MediaRef } from './stages.js';

/**
 * "Export my data" / "delete my account" for chats (issue 13 item 1). The user row survives deletion
 * as a tombstone, so `on delete cascade` never fires: the chat layer erases its own rows (messages
 * with every swipe and attachment ref, then chats) and drops its in-process history copies.
 */
export function chatUserData(history: HistoryCache): UserDataContributor {
  return {
    name: 'chats',
    async export(db, userId) {
      const chats = await db
        .selectFrom('chats')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('id')
        .execute();
      const messages = chats.length
        ? await db
            .selectFrom('messages')
            .selectAll()
            .where(
              'chat_id',
              'in',
              chats.map((chat) => chat.id),
            )
            .orderBy('id')
            .execute()
        : [];
      return chats.map((chat) => ({
        id: chat.id,
        characterId: chat.character_id,
        title: chat.title,
        externalKey: chat.external_key,
        createdAt: chat.created_at,
        updatedAt: chat.updated_at,
        lastMessageAt: chat.last_message_at,
        messages: messages
          .filter((message) => message.chat_id === chat.id)
          .map((message) => ({
            id: message.id,
            role: message.role,
            content: message.content,
            status: message.status,
            swipeIndex: message.swipe_index,
            swipes: swipesOf(message),
            kind: message.kind,
            media: JSON.parse(message.media) as MediaRef[],
            createdAt: message.created_at,
            updatedAt: message.updated_at,
          })),
      }));
    },
    async erase(trx, userId) {
      const chats = await trx.selectFrom('chats').select('id').where('user_id', '=', userId).execute();
      const ids = chats.map((chat) => chat.id);
      if (ids.length > 0) await trx.deleteFrom('messages').where('chat_id', 'in', ids).execute();
      await trx.deleteFrom('chats').where('user_id', '=', userId).execute();
      for (const id of ids) history.forget(id);
    },
  };
}
