import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { chatsApi } from '../../api/chats.js';
import { type ChatMessage, updateMessage } from './chat-messages.js';

export const messageOf = (error: unknown) =>
  error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';

export interface ChatHistory {
  /** Oldest first; only the pages loaded so far. */
  messages: ChatMessage[];
  setMessages: Dispatch<SetStateAction<ChatMessage[]>>;
  hasOlder: boolean;
  isLoadingOlder: boolean;
  isLoaded: boolean;
  loadError?: string;
  loadOlder(): Promise<void>;
  swipe(message: ChatMessage, index: number): Promise<void>;
  remove(message: ChatMessage): Promise<void>;
}

/**
 * The loaded message list of one chat and its edits that start no reply (swipe, delete): history
 * pages arrive newest first from the API and are held oldest first. `onError` receives why an action failed.
 */
export function useChatHistory(chatId: string, onError: (message: string) => void): ChatHistory {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [isLoadingOlder, setLoadingOlder] = useState(false);
  const loadingOlderRef = useRef(false);

  useEffect(() => {
    let isCurrent = true;
    setMessages([]);
    setLoaded(false);
    setLoadError(undefined);
    chatsApi
      .messages(chatId)
      .then((page) => {
        if (!isCurrent) return;
        setMessages(page.messages.slice().reverse());
        setNextCursor(page.nextCursor);
        setLoaded(true);
      })
      .catch((error: unknown) => {
        if (isCurrent) setLoadError(messageOf(error));
      });
    return () => {
      isCurrent = false;
    };
  }, [chatId]);

  const loadOlder = useCallback(async () => {
    if (!nextCursor || loadingOlderRef.current) return;
    loadingOlderRef.current = true;
    setLoadingOlder(true);
    try {
      const page = await chatsApi.messages(chatId, nextCursor);
      setMessages((held) => [...page.messages.slice().reverse(), ...held]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      onError(messageOf(error));
    } finally {
      loadingOlderRef.current = false;
      setLoadingOlder(false);
    }
  }, [chatId, nextCursor, onError]);

  const swipe = useCallback(
    async (message: ChatMessage, index: number) => {
      try {
        const { message: updated } = await chatsApi.swipe(message.id, index);
        setMessages((held) => updateMessage(held, message.id, () => updated));
      } catch (error) {
        onError(messageOf(error));
      }
    },
    [onError],
  );

  const remove = useCallback(
    async (message: ChatMessage) => {
      try {
        await chatsApi.removeMessage(message.id);
        setMessages((held) => held.filter((item) => item.id !== message.id));
      } catch (error) {
        onError(messageOf(error));
      }
    },
    [onError],
  );

  return {
    messages,
    setMessages,
    hasOlder: nextCursor !== null,
    isLoadingOlder,
    isLoaded,
    loadError,
    loadOlder,
    swipe,
    remove,
  };
}
