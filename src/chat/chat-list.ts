import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { ChatRow, Database } from '../db/index.js';
import { publicChat } from './chat-store.js';

export const chatListQuery = z.strictObject({
  characterId: z.string().max(200).optional(),
  /** `true` lists only archived chats; archived chats are hidden otherwise. */
  archived: z.enum(['true', 'false']).default('false'),
  folder: z.string().max(60).optional(),
  tag: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export type ChatListQuery = z.infer<typeof chatListQuery>;

/** How much of the last message the list shows. */
const PREVIEW_CHARS = 140;

type ChatSummaryRow = ChatRow & {
  preview: string | null;
  preview_role: 'user' | 'assistant' | null;
  preview_at: string | null;
};

/**
 * The chat list (issue 20 item 7): pinned first, then most recent; each row carries the last
 * message's start and role (one index probe per chat on `messages(chat_id, id)`) and an unread flag.
 */
export async function listChatSummaries(db: Kysely<Database>, userId: string, query: ChatListQuery) {
  const last = (column: 'content' | 'role' | 'created_at') =>
    sql<
      string | null
    >`(select ${sql.ref(`m.${column}`)} from messages as m where m.chat_id = chats.id order by m.id desc limit 1)`;
  let select = db
    .selectFrom('chats')
    .selectAll('chats')
    .select([
      last('content').as('preview'),
      last('role').as('preview_role'),
      last('created_at').as('preview_at'),
    ])
    .where('user_id', '=', userId)
    .where('archived', '=', query.archived === 'true' ? 1 : 0)
    .orderBy('pinned', 'desc')
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.characterId) select = select.where('character_id', '=', query.characterId);
  if (query.folder) select = select.where('folder', '=', query.folder);
  if (query.tag) {
    // Tags are stored as a JSON array of quoted strings without quotes inside (chat-settings.ts).
    const quoted = JSON.stringify(query.tag.toLowerCase()).replace(/[\\%_]/g, (char) => `\\${char}`);
    select = select.where(sql<boolean>`tags like ${`%${quoted}%`} escape '\\'`);
  }
  const rows = (await select.execute()) as ChatSummaryRow[];
  return rows.map((row) => ({
    ...publicChat(row),
    lastMessage:
      row.preview === null
        ? null
        : { role: row.preview_role, preview: row.preview.slice(0, PREVIEW_CHARS), createdAt: row.preview_at },
    unread: row.preview_role === 'assistant' && (row.last_read_at ?? '') < (row.preview_at ?? ''),
  }));
}

/** The user's folders and tags, for the list's filters. */
export async function chatFolders(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom('chats')
    .select(['folder', 'tags'])
    .where('user_id', '=', userId)
    .execute();
  const folders = new Set<string>();
  const tags = new Set<string>();
  for (const row of rows) {
    if (row.folder) folders.add(row.folder);
    for (const tag of JSON.parse(row.tags) as string[]) tags.add(tag);
  }
  return { folders: [...folders].sort(), tags: [...tags].sort() };
}
