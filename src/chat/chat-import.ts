import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { ChatRow, Database, MessageRow } from '../db/index.js';
import { newId } from '../ids.js';
import type { ImportedMessage } from './chat-import-parse.js';
import { insertChat } from './chat-store.js';

export interface ImportedExchange {
  userMessageId: string;
  replyMessageId: string;
  userText: string;
  replyText: string;
  at: string;
}

/**
 * Writes an imported chat in one transaction (all or nothing). Messages keep their order, text,
 * swipes and timestamps; ids are fresh and time-ordered in file order. Returns the user → reply
 * pairs memory should learn from.
 */
export async function importChat(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    userId: string;
    characterId: string;
    personaId: string | null;
    title: string;
    messages: ImportedMessage[];
  },
): Promise<{ chat: ChatRow; exchanges: ImportedExchange[] }> {
  const rows: MessageRow[] = input.messages.map((message) => {
    const chosen = message.swipes[message.swipeIndex] ?? message.swipes[0];
    return {
      id: newId(),
      chat_id: '',
      role: message.role,
      content: chosen?.content ?? '',
      status: 'complete',
      swipes: JSON.stringify(
        message.swipes.map((swipe) => ({
          content: swipe.content,
          status: 'complete',
          createdAt: swipe.createdAt,
        })),
      ),
      swipe_index: message.swipeIndex,
      kind: message.role === 'assistant' ? 'plain' : null,
      media: '[]',
      // Never checked by input moderation here: a regenerate checks it first (issue 13 item 3).
      moderated_hash: null,
      created_at: message.createdAt,
      updated_at: message.createdAt,
    };
  });
  const chat = await db.transaction().execute(async (trx) => {
    const row = await insertChat(trx, clock, {
      userId: input.userId,
      characterId: input.characterId,
      title: input.title.slice(0, 120),
      personaId: input.personaId,
    });
    for (const message of rows) message.chat_id = row.id;
    for (let start = 0; start < rows.length; start += 500) {
      await trx
        .insertInto('messages')
        .values(rows.slice(start, start + 500))
        .execute();
    }
    const lastAt = rows.at(-1)?.created_at ?? row.last_message_at;
    await trx
      .updateTable('chats')
      .set({ last_message_at: lastAt, last_read_at: lastAt })
      .where('id', '=', row.id)
      .execute();
    return { ...row, last_message_at: lastAt, last_read_at: lastAt };
  });
  const exchanges: ImportedExchange[] = [];
  rows.forEach((row, index) => {
    const next = rows[index + 1];
    if (row.role === 'user' && next?.role === 'assistant') {
      exchanges.push({
        userMessageId: row.id,
        replyMessageId: next.id,
        userText: row.content,
        replyText: next.content,
        at: next.created_at,
      });
    }
  });
  return { chat, exchanges };
}
