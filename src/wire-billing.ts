import type { BillingService } from './billing/index.js';
import { getCharacterForChat } from './characters/index.js';
import { appendGiftMessage } from './chat/gift-message.js';
import type { Clock } from './clock.js';
import type { Db } from './db/index.js';

/**
 * The lookups the money layer needs from chats and characters, so billing never imports them:
 * who receives a gift sent in a chat, who owns a character, and showing a sent gift in the chat.
 */
export function wireBillingHooks(billing: BillingService, db: Db, clock: Clock): void {
  billing.hooks = {
    async resolveChatRecipient(chatId, actor) {
      const chat = await db.kysely
        .selectFrom('chats')
        .select(['id', 'character_id'])
        .where('id', '=', chatId)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (!chat) return null;
      const character = await getCharacterForChat(db.kysely, actor, chat.character_id).catch(() => null);
      return character ? { characterId: character.id, creatorUserId: character.ownerId } : null;
    },
    async resolveCharacterOwner(characterId) {
      const row = await db.kysely
        .selectFrom('characters')
        .select('owner_id')
        .where('id', '=', characterId)
        .executeTakeFirst();
      return row?.owner_id ?? null;
    },
    async canViewCharacter(actor, characterId) {
      return getCharacterForChat(db.kysely, actor, characterId).then(
        () => true,
        () => false,
      );
    },
    async onGiftSent(event) {
      await appendGiftMessage(db.kysely, clock, {
        chatId: event.chatId,
        giftName: event.gift.name,
        emoji: event.gift.emoji,
      });
    },
  };
}
