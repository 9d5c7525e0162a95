import { requestJson, send } from './client.js';
import { readSseJson } from './sse.js';

export interface Chat {
  id: string;
  characterId: string;
  characterName: string;
  characterAvatarUrl: string | null;
  title: string;
  lastMessageAt: string;
  createdAt: string;
}

export type MessageStatus = 'complete' | 'stopped' | 'blocked' | 'error';

export interface MediaRef {
  id: string;
  kind: 'image' | 'audio' | 'video';
  url: string;
  /** A locked item is shown as a teaser; the UI never fakes its content. */
  locked: boolean;
}

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  createdAt: string;
  swipeIndex: number;
  swipeCount: number;
  media?: MediaRef[];
}

export interface MessagePage {
  /** Newest first, as the API sends them. */
  messages: Message[];
  nextCursor: string | null;
}

/** What a turn streams (DESIGN §1 TurnEvent, plus `user-message`). */
export type TurnEvent =
  | { type: 'user-message'; message: Message }
  | { type: 'text-delta'; text: string }
  | { type: 'media'; media: MediaRef }
  | { type: 'blocked'; reply: string; code: string; message?: Message }
  | { type: 'finish'; message: Message }
  /** `userMessage`: the user's text, kept with status `error` when no reply could be made. */
  | { type: 'error'; code: string; message: string; userMessage?: Message };

export const MESSAGE_PAGE_SIZE = 50;

const chatPath = (chatId: string) => `/api/chats/${encodeURIComponent(chatId)}`;
const messagePath = (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}`;

export const chatsApi = {
  list: () => requestJson<{ chats: Chat[] }>('GET', '/api/chats'),
  get: (chatId: string) => requestJson<{ chat: Chat }>('GET', chatPath(chatId)),
  create: (characterId: string) =>
    requestJson<{ chat: Chat }>('POST', '/api/chats', { body: { characterId } }),
  rename: (chatId: string, title: string) =>
    requestJson<{ chat: Chat }>('PATCH', chatPath(chatId), { body: { title } }),
  remove: (chatId: string) => requestJson<void>('DELETE', chatPath(chatId)),
  messages: (chatId: string, before?: string | null, limit = MESSAGE_PAGE_SIZE) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (before) query.set('before', before);
    return requestJson<MessagePage>('GET', `${chatPath(chatId)}/messages?${query}`);
  },
  swipe: (messageId: string, index: number) =>
    requestJson<{ message: Message }>('POST', `${messagePath(messageId)}/swipe`, { body: { index } }),
  edit: (messageId: string, content: string, truncateAfter = false) =>
    requestJson<{ message: Message }>('PATCH', messagePath(messageId), {
      body: truncateAfter ? { content, truncateAfter } : { content },
    }),
  removeMessage: (messageId: string) => requestJson<void>('DELETE', messagePath(messageId)),
};

export type TurnRequest = { type: 'send'; content: string } | { type: 'regenerate' } | { type: 'continue' };

/**
 * Starts a turn and yields its events as they stream in. Errors before the stream starts (402, 403,
 * 409, validation) throw `ApiError`; aborting `signal` stops the reply (the server keeps the partial
 * text, marked `stopped`).
 */
export async function* streamTurn(
  chatId: string,
  turn: TurnRequest,
  signal: AbortSignal,
): AsyncGenerator<TurnEvent> {
  const path = turn.type === 'send' ? `${chatPath(chatId)}/messages` : `${chatPath(chatId)}/${turn.type}`;
  const response = await send('POST', path, {
    body: turn.type === 'send' ? { content: turn.content } : undefined,
    signal,
    headers: { accept: 'text/event-stream' },
  });
  if (!response.body) return;
  for await (const event of readSseJson(response.body)) yield event as TurnEvent;
}
