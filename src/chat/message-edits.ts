import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { Database, MessageRow } from '../db/index.js';
import { BadRequest } from '../errors.js';
import { getOwnMessage, swipesOf } from './message-store.js';
import { moderationHash } from './input-moderation.js';

/** Picks which alternative reply (swipe) is the current one. */
export async function selectSwipe(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  messageId: string,
  index: number,
) {
  const message = await getOwnMessage(db, userId, messageId);
  const swipes = swipesOf(message);
  if (index >= swipes.length) {
    throw new BadRequest(
      'swipe_out_of_range',
      `This message has ${swipes.length} alternative(s); index ${index} does not exist.`,
    );
  }
  const changes = {
    swipe_index: index,
    content: swipes[index].content,
    status: swipes[index].status,
    updated_at: isoNow(clock),
  };
  await db.updateTable('messages').set(changes).where('id', '=', messageId).execute();
  return { ...message, ...changes };
}

/** Edits a message's text (the current swipe for replies); optionally drops everything after it. */
export async function editMessage(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  messageId: string,
  edit: { content: string; truncateAfter?: boolean },
): Promise<MessageRow> {
  const message = await getOwnMessage(db, userId, messageId);
  const swipes = swipesOf(message);
  swipes[message.swipe_index] = { ...swipes[message.swipe_index], content: edit.content };
  const changes = {
    content: edit.content,
    swipes: JSON.stringify(swipes),
    updated_at: isoNow(clock),
    // The route checked the new text with input moderation before calling (input-moderation.ts).
    moderated_hash: moderationHash(edit.content),
  };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('messages').set(changes).where('id', '=', messageId).execute();
    if (edit.truncateAfter) {
      await trx
        .deleteFrom('messages')
        .where('chat_id', '=', message.chat_id)
        .where('id', '>', messageId)
        .execute();
    }
  });
  const { character_id: _characterId, ...row } = message;
  return { ...row, ...changes };
}

/** Deletes one message; returns it (with its chat's character) so memory can follow. */
export async function deleteMessage(db: Kysely<Database>, userId: string, messageId: string) {
  const message = await getOwnMessage(db, userId, messageId);
  await db.deleteFrom('messages').where('id', '=', messageId).execute();
  return message;
}
