import type { ChatRow, MessageRow } from '../db/index.js';
import { publicChat } from './chat-store.js';
import { swipesOf } from './message-store.js';

/** Names the exports write for each side of the conversation. */
export interface ExportNames {
  user: string;
  character: string;
}

export type ChatExportFormat = 'st-jsonl' | 'json' | 'md';

/**
 * SillyTavern's chat file: a header line (`user_name`, `character_name`, `create_date`,
 * `chat_metadata`) then one JSON object per message with `name`, `is_user`, `is_system`, `send_date`,
 * `mes`, `extra`, and the swipes (`swipes`, `swipe_id`, `swipe_info`) — the shape SillyTavern's
 * own `saveChat` writes, so the file loads there. Dates are ISO, which SillyTavern parses.
 */
export function toSillyTavernJsonl(chat: ChatRow, messages: MessageRow[], names: ExportNames): string {
  const header = {
    user_name: names.user,
    character_name: names.character,
    create_date: chat.created_at,
    chat_metadata: {
      hearth_chat_id: chat.id,
      note_prompt: chat.author_note,
      note_depth: chat.author_note_depth,
      note_interval: chat.author_note_frequency,
    },
  };
  const lines = messages.map((row) => {
    const swipes = swipesOf(row);
    const isUser = row.role === 'user';
    return {
      name: isUser ? names.user : names.character,
      is_user: isUser,
      is_system: false,
      send_date: row.created_at,
      mes: row.content,
      extra: row.status === 'complete' ? {} : { hearth_status: row.status },
      ...(isUser
        ? {}
        : {
            swipe_id: row.swipe_index,
            swipes: swipes.map((swipe) => swipe.content),
            swipe_info: swipes.map((swipe) => ({ send_date: swipe.createdAt, extra: {} })),
          }),
    };
  });
  return `${[header, ...lines].map((line) => JSON.stringify(line)).join('\n')}\n`;
}

/** Everything Hearth stores about the chat and its messages (swipes, statuses, media refs). */
export function toHearthJson(chat: ChatRow, messages: MessageRow[], names: ExportNames): string {
  const document = {
    format: 'hearth-chat',
    version: 1,
    names,
    chat: publicChat(chat),
    messages: messages.map((row) => ({
      id: row.id,
      role: row.role,
      content: row.content,
      status: row.status,
      swipes: swipesOf(row),
      swipeIndex: row.swipe_index,
      kind: row.kind,
      media: JSON.parse(row.media),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A readable transcript: who said what, when. */
export function toMarkdown(chat: ChatRow, messages: MessageRow[], names: ExportNames): string {
  const blocks = messages.map((row) => {
    const who = row.role === 'user' ? names.user : names.character;
    return `**${escapeMarkdown(who)}** · ${row.created_at}\n\n${row.content}\n`;
  });
  return `# ${escapeMarkdown(chat.title)}\n\n${escapeMarkdown(names.user)} with ${escapeMarkdown(names.character)}, started ${chat.created_at}\n\n---\n\n${blocks.join('\n')}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#<>])/g, '\\$1');
}

export function exportChat(
  format: ChatExportFormat,
  chat: ChatRow,
  messages: MessageRow[],
  names: ExportNames,
): { body: string; contentType: string; extension: string } {
  if (format === 'st-jsonl')
    return {
      body: toSillyTavernJsonl(chat, messages, names),
      contentType: 'application/jsonl; charset=utf-8',
      extension: 'jsonl',
    };
  if (format === 'json')
    return {
      body: toHearthJson(chat, messages, names),
      contentType: 'application/json; charset=utf-8',
      extension: 'json',
    };
  return {
    body: toMarkdown(chat, messages, names),
    contentType: 'text/markdown; charset=utf-8',
    extension: 'md',
  };
}
