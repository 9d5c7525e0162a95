import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type Clock, isoNow } from '../clock.js';
import type { Database } from '../db/index.js';
import { getOwnPersona } from '../personas/index.js';
import { getOwnChat } from './chat-store.js';

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(32)
  .regex(/^[\p{L}\p{N} _-]+$/u, 'letters, digits, spaces, - and _ only');

/** `PATCH /api/chats/:id`: every field optional, unknown ones rejected (issue 20 items 1, 3, 7). */
export const chatSettingsBody = z
  .strictObject({
    title: z.string().trim().min(1).max(120),
    /** null: speak as the default persona. */
    personaId: z.string().min(1).max(64).nullable(),
    pinned: z.boolean(),
    archived: z.boolean(),
    folder: z.string().trim().min(1).max(60).nullable(),
    tags: z.array(tag).max(20),
    authorNote: z.strictObject({
      text: z.string().max(4000),
      depth: z.number().int().min(0).max(100),
      frequency: z.number().int().min(0).max(100),
    }),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

export type ChatSettings = z.infer<typeof chatSettingsBody>;

/** Applies the settings to the caller's own chat; another user's chat or persona is a 404. */
export async function updateChatSettings(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  chatId: string,
  settings: ChatSettings,
): Promise<void> {
  await getOwnChat(db, userId, chatId);
  if (settings.personaId) await getOwnPersona(db, userId, settings.personaId);
  const changes = {
    ...(settings.title !== undefined ? { title: settings.title, title_is_auto: 0 } : {}),
    ...(settings.personaId !== undefined ? { persona_id: settings.personaId } : {}),
    ...(settings.pinned !== undefined ? { pinned: settings.pinned ? 1 : 0 } : {}),
    ...(settings.archived !== undefined ? { archived: settings.archived ? 1 : 0 } : {}),
    ...(settings.folder !== undefined ? { folder: settings.folder } : {}),
    ...(settings.tags !== undefined ? { tags: JSON.stringify([...new Set(settings.tags)]) } : {}),
    ...(settings.authorNote
      ? {
          author_note: settings.authorNote.text,
          author_note_depth: settings.authorNote.depth,
          author_note_frequency: settings.authorNote.frequency,
        }
      : {}),
  };
  await db
    .updateTable('chats')
    .set({ ...changes, updated_at: isoNow(clock) })
    .where('id', '=', chatId)
    .where('user_id', '=', userId)
    .execute();
}

/** Everything newer than now counts as unread again only when a new message arrives. */
export async function markChatRead(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  chatId: string,
): Promise<void> {
  await getOwnChat(db, userId, chatId);
  await db
    .updateTable('chats')
    .set({ last_read_at: isoNow(clock) })
    .where('id', '=', chatId)
    .where('user_id', '=', userId)
    .execute();
}

/** The automatic title: the start of the user's first message, cut at a word (issue 20 item 7). */
export function autoTitle(text: string, maxLength = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
