import type { MediaRef, Message } from '../../api/chats.js';

/** A message as the chat view holds it: the stored message plus local streaming state. */
export interface ChatMessage extends Message {
  /** The reply is still arriving. */
  isStreaming?: boolean;
  /** Shown before the server confirmed it (a sent text awaiting its `user-message` event). */
  isLocal?: boolean;
  /** Why a reply ended early, shown under it. */
  errorText?: string;
  /** The safety code of a prepared reply (`self_harm_support` = the crisis reply, shown apart). */
  safetyCode?: string;
}

let localCounter = 0;

/** Ids for optimistic messages; never sent to the server, never confused with UUIDv7 ids. */
export function localId(kind: 'user' | 'reply'): string {
  localCounter += 1;
  return `local-${kind}-${localCounter}`;
}

export function isLocalId(id: string): boolean {
  return id.startsWith('local-');
}

export function localMessage(role: Message['role'], content: string, isStreaming: boolean): ChatMessage {
  return {
    id: localId(role === 'user' ? 'user' : 'reply'),
    role,
    content,
    status: 'complete',
    createdAt: new Date().toISOString(),
    swipeIndex: 0,
    swipeCount: 1,
    media: [],
    isLocal: true,
    isStreaming,
  };
}

/** Replaces the message with `id` (if present) by `update(message)`. */
export function updateMessage(
  messages: ChatMessage[],
  id: string,
  update: (message: ChatMessage) => ChatMessage,
): ChatMessage[] {
  const index = messages.findIndex((message) => message.id === id);
  if (index < 0) return messages;
  const next = messages.slice();
  next[index] = update(messages[index]);
  return next;
}

export function withMedia(message: ChatMessage, media: MediaRef): ChatMessage {
  const existing = message.media ?? [];
  return existing.some((item) => item.id === media.id)
    ? message
    : { ...message, media: [...existing, media] };
}

/**
 * Merges the newest page from the server (newest first) into what the view holds (oldest first):
 * older loaded history stays, everything the page covers — and every local placeholder — is replaced.
 */
export function mergeNewestPage(
  held: ChatMessage[],
  page: { messages: Message[]; nextCursor: string | null },
): ChatMessage[] {
  const fresh = page.messages.slice().reverse();
  if (page.nextCursor === null || fresh.length === 0) return fresh;
  const oldestFresh = fresh[0].id;
  const olderHeld = held.filter((message) => !isLocalId(message.id) && message.id < oldestFresh);
  return [...olderHeld, ...fresh];
}

/** The last message that regenerate/continue act on, if it is the character's reply. */
export function lastReply(messages: ChatMessage[]): ChatMessage | undefined {
  const last = messages.at(-1);
  return last?.role === 'assistant' ? last : undefined;
}
