import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { Database } from '../db/index.js';
import { newId } from '../ids.js';
import { newMessageRow } from './message-store.js';

/**
 * A gift appears in the chat as the user's action, so the character's next reply (which the client
 * asks for with regenerate) reacts to it like to anything else the user did.
 */
export async function appendGiftMessage(
  db: Kysely<Database>,
  clock: Clock,
  input: { chatId: string; giftName: string; emoji: string },
): Promise<void> {
  const now = isoNow(clock);
  const message = newMessageRow({
    id: newId(),
    chatId: input.chatId,
    role: 'user',
    content: `*gives you a gift: ${input.emoji} ${input.giftName}*`,
    status: 'complete',
    kind: null,
    createdAt: now,
  });
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('messages').values(message).execute();
    await trx
      .updateTable('chats')
      .set({ last_message_at: now, updated_at: now })
      .where('id', '=', input.chatId)
      .execute();
  });
}
