import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { ChatRow, Database, MessageRow } from '../db/index.js';
import { newId } from '../ids.js';
import { getOwnChat, insertChat } from './chat-store.js';
import { getOwnMessage } from './message-store.js';

/**
 * "Branch from here" (issue 20 item 5): a new chat holding copies of every message up to and
 * including `messageId` (swipes, timestamps and all), with the same character, persona and author's
 * note, and a link back to where it came from. Copies get fresh time-ordered ids, written in order.
 */
export async function branchChat(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  messageId: string,
): Promise<ChatRow> {
  const message = await getOwnMessage(db, userId, messageId);
  const origin = await getOwnChat(db, userId, message.chat_id);
  return db.transaction().execute(async (trx) => {
    const chat = await insertChat(trx, clock, {
      userId,
      characterId: origin.character_id,
      title: branchTitle(origin.title),
      personaId: origin.persona_id,
      branchedFrom: { chatId: origin.id, messageId },
      settings: {
        author_note: origin.author_note,
        author_note_depth: origin.author_note_depth,
        author_note_frequency: origin.author_note_frequency,
        folder: origin.folder,
        tags: origin.tags,
      },
    });
    const rows = await trx
      .selectFrom('messages')
      .selectAll()
      .where('chat_id', '=', origin.id)
      .where('id', '<=', messageId)
      .orderBy('id')
      .execute();
    const copies: MessageRow[] = rows.map((row) => ({ ...row, id: newId(), chat_id: chat.id }));
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let start = 0; start < copies.length; start += 500) {
      await trx
        .insertInto('messages')
        .values(copies.slice(start, start + 500))
        .execute();
    }
    const last = copies.at(-1);
    const lastAt = last?.created_at ?? chat.last_message_at;
    await trx
      .updateTable('chats')
      .set({ last_message_at: lastAt, last_read_at: lastAt })
      .where('id', '=', chat.id)
      .execute();
    return { ...chat, last_message_at: lastAt, last_read_at: lastAt };
  });
}

function branchTitle(title: string): string {
  const base = title.replace(/ \(branch\)$/, '');
  return `${base.slice(0, 110)} (branch)`;
}

/** A cut in a branch's ancestry: what the origin chat said after `afterMessageId` is not this chat's past. */
export interface BranchCut {
  chatId: string;
  afterMessageId: string;
}

/**
 * The cuts from a chat back through its origins (a branch of a branch has two), so memory recalled in
 * a branch leaves out what was written after each branch point. Bounded: ancestry is user data.
 */
export async function branchCuts(db: Kysely<Database>, chat: ChatRow, maxDepth = 20): Promise<BranchCut[]> {
  const cuts: BranchCut[] = [];
  let current: Pick<ChatRow, 'branched_from_chat_id' | 'branched_from_message_id'> | undefined = chat;
  while (current?.branched_from_chat_id && current.branched_from_message_id && cuts.length < maxDepth) {
    cuts.push({ chatId: current.branched_from_chat_id, afterMessageId: current.branched_from_message_id });
    current = await db
      .selectFrom('chats')
      .select(['branched_from_chat_id', 'branched_from_message_id'])
      .where('id', '=', current.branched_from_chat_id)
      .where('user_id', '=', chat.user_id)
      .executeTakeFirst();
  }
  return cuts;
}
