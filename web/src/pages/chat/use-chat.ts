import { useCallback, useEffect, useRef, useState } from 'react';
import { chatsApi, streamTurn, type TurnEvent, type TurnRequest } from '../../api/chats.js';
import {
  type ChatMessage,
  lastReply,
  localMessage,
  mergeNewestPage,
  updateMessage,
  withMedia,
} from './chat-messages.js';
import { messageOf, useChatHistory } from './use-chat-history.js';

export interface ChatView {
  /** Oldest first; only the pages loaded so far. */
  messages: ChatMessage[];
  hasOlder: boolean;
  isLoadingOlder: boolean;
  isLoaded: boolean;
  loadError?: string;
  isStreaming: boolean;
  /** Why the last action failed (shown above the composer). */
  actionError?: string;
  clearActionError(): void;
  loadOlder(): Promise<void>;
  /** Resolves true when the text was accepted (the composer may clear itself). */
  send(content: string): Promise<boolean>;
  regenerate(): Promise<void>;
  continueReply(): Promise<void>;
  /** After the user acted outside the composer (a gift): show what the server stored, then reply to it. */
  replyToNewest(): Promise<void>;
  stop(): void;
  swipe(message: ChatMessage, index: number): Promise<void>;
  edit(message: ChatMessage, content: string, options?: { regenerate?: boolean }): Promise<boolean>;
  remove(message: ChatMessage): Promise<void>;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

const asRetried = (message: ChatMessage): ChatMessage =>
  message.role === 'user' && message.status === 'error'
    ? { ...message, status: 'complete', errorText: undefined }
    : message;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * All state of one open chat: the loaded history (use-chat-history.ts), streaming turns with
 * optimistic placeholders, and the message actions.
 */
export function useChat(chatId: string): ChatView {
  const [isStreaming, setStreaming] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const { messages, setMessages, hasOlder, isLoadingOlder, isLoaded, loadError, loadOlder, swipe, remove } =
    useChatHistory(chatId, setActionError);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const abortRef = useRef<AbortController | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: leaving a chat (chatId changes) stops its stream.
  useEffect(() => () => abortRef.current?.abort(), [chatId]);

  /** After a stop or a broken stream, fetch what the server stored (it may still be saving). */
  const resync = useCallback(
    async (before: ChatMessage | undefined) => {
      for (const delay of [100, 300, 700, 1500]) {
        await pause(delay);
        try {
          const page = await chatsApi.messages(chatId);
          const newest = page.messages[0];
          const hasSettled =
            newest?.role === 'assistant' &&
            (newest.id !== before?.id ||
              newest.swipeCount !== before.swipeCount ||
              newest.content !== before.content);
          // A newer turn owns the local placeholders now; merging would drop them.
          if (abortRef.current) return;
          // Unsettled after every try: keep the local view rather than hide the partial reply.
          if (hasSettled) {
            setMessages((held) => mergeNewestPage(held, page));
            return;
          }
        } catch {
          // Keep the local view; the next page load will correct it.
          return;
        }
      }
    },
    [chatId, setMessages],
  );

  /**
   * Runs one streaming turn into the message `targetId` (already placed in the list by the caller).
   * Deltas are batched per animation frame so long replies do not re-render per token.
   */
  const runTurn = useCallback(
    async (turn: TurnRequest, targetId: string, undo: () => void): Promise<boolean> => {
      const controller = new AbortController();
      abortRef.current = controller;
      setStreaming(true);
      setActionError(undefined);
      const before = messagesRef.current.filter((message) => !message.isLocal).at(-1);
      let streamId = targetId;
      // Updaters run later, during render: they must not read `streamId` after it was reassigned.
      const updateStreamed = (update: (message: ChatMessage) => ChatMessage) => {
        const id = streamId;
        setMessages((held) => updateMessage(held, id, update));
      };
      let pendingText = '';
      let frame = 0;
      let hasStarted = false;
      const flush = () => {
        frame = 0;
        if (!pendingText) return;
        const text = pendingText;
        pendingText = '';
        updateStreamed((message) => ({ ...message, content: message.content + text }));
      };
      const apply = (event: TurnEvent) => {
        hasStarted = true;
        switch (event.type) {
          case 'user-message':
            setMessages((held) => {
              const local = held.find((message) => message.isLocal && message.role === 'user');
              return local ? updateMessage(held, local.id, () => event.message) : held;
            });
            return;
          case 'text-delta':
            pendingText += event.text;
            if (!frame) frame = requestAnimationFrame(flush);
            return;
          case 'media':
            flush();
            updateStreamed((message) => withMedia(message, event.media));
            return;
          case 'blocked':
            pendingText = '';
            updateStreamed((message) =>
              event.message
                ? { ...event.message, isStreaming: false, safetyCode: event.code }
                : {
                    ...message,
                    content: event.reply,
                    status: 'blocked',
                    isStreaming: false,
                    safetyCode: event.code,
                  },
            );
            if (event.message) streamId = event.message.id;
            return;
          case 'finish':
            flush();
            updateStreamed(() => event.message);
            streamId = event.message.id;
            return;
          case 'error':
            flush();
            if (event.userMessage) {
              // No reply exists: the user's message stays, marked failed, with a retry (issue 21 item 2).
              const failed = { ...event.userMessage, errorText: event.message };
              const replyId = streamId;
              setMessages((held) =>
                updateMessage(held, failed.id, () => failed).filter((message) => message.id !== replyId),
              );
              return;
            }
            updateStreamed((message) => ({
              ...message,
              status: 'error',
              isStreaming: false,
              errorText: event.message,
            }));
            return;
        }
      };
      try {
        for await (const event of streamTurn(chatId, turn, controller.signal)) apply(event);
        return true;
      } catch (error) {
        if (frame) cancelAnimationFrame(frame);
        flush();
        if (!hasStarted && !isAbort(error)) {
          // Refused before anything streamed (e.g. out of credits): nothing was stored.
          undo();
          setActionError(messageOf(error));
          return false;
        }
        updateStreamed((message) =>
          isAbort(error)
            ? { ...message, status: 'stopped', isStreaming: false }
            : { ...message, status: 'error', isStreaming: false, errorText: 'The connection broke.' },
        );
        void resync(before);
        return true;
      } finally {
        if (frame) cancelAnimationFrame(frame);
        abortRef.current = null;
        setStreaming(false);
        // A stream that ended without `finish` leaves no placeholder spinning.
        updateStreamed((message) => (message.isStreaming ? { ...message, isStreaming: false } : message));
      }
    },
    [chatId, resync, setMessages],
  );

  const send = useCallback(
    async (content: string) => {
      if (abortRef.current) return false;
      const user = localMessage('user', content, false);
      const reply = localMessage('assistant', '', true);
      setMessages((held) => [...held, user, reply]);
      return runTurn({ type: 'send', content }, reply.id, () =>
        setMessages((held) => held.filter((message) => message.id !== user.id && message.id !== reply.id)),
      );
    },
    [runTurn, setMessages],
  );

  /** A new reply to the user's last message (after an edit, or when the last reply failed to store). */
  const replyAgain = useCallback(async () => {
    const reply = localMessage('assistant', '', true);
    // A retry of an unanswered message: it shows as sent again; a new failure marks it once more.
    setMessages((held) => [...held.map(asRetried), reply]);
    await runTurn({ type: 'regenerate' }, reply.id, () =>
      setMessages((held) => held.filter((message) => message.id !== reply.id)),
    );
  }, [runTurn, setMessages]);

  const regenerate = useCallback(async () => {
    if (abortRef.current) return;
    const target = lastReply(messagesRef.current);
    if (!target) {
      await replyAgain();
      return;
    }
    setMessages((held) =>
      updateMessage(held, target.id, (message) => ({
        ...message,
        content: '',
        media: [],
        isStreaming: true,
      })),
    );
    await runTurn({ type: 'regenerate' }, target.id, () =>
      setMessages((held) => updateMessage(held, target.id, () => target)),
    );
  }, [runTurn, replyAgain, setMessages]);

  const continueReply = useCallback(async () => {
    if (abortRef.current) return;
    const target = lastReply(messagesRef.current);
    if (!target) return;
    setMessages((held) => updateMessage(held, target.id, (message) => ({ ...message, isStreaming: true })));
    await runTurn({ type: 'continue' }, target.id, () =>
      setMessages((held) => updateMessage(held, target.id, () => target)),
    );
  }, [runTurn, setMessages]);

  const replyToNewest = useCallback(async () => {
    if (abortRef.current) return;
    try {
      const page = await chatsApi.messages(chatId);
      setMessages((held) => mergeNewestPage(held, page));
    } catch (error) {
      setActionError(messageOf(error));
      return;
    }
    // The newest message is now the user's (e.g. the gift): regenerate answers it with a new reply.
    await replyAgain();
  }, [chatId, replyAgain, setMessages]);

  const stop = useCallback(() => abortRef.current?.abort(), []);

  const edit = useCallback(
    async (message: ChatMessage, content: string, options: { regenerate?: boolean } = {}) => {
      try {
        const { message: updated } = await chatsApi.edit(message.id, content, options.regenerate);
        setMessages((held) => {
          const edited = updateMessage(held, message.id, () => updated);
          // truncateAfter removed everything after the edited message on the server too.
          return options.regenerate ? edited.filter((item) => item.id <= message.id) : edited;
        });
      } catch (error) {
        setActionError(messageOf(error));
        return false;
      }
      if (options.regenerate) void replyAgain();
      return true;
    },
    [replyAgain, setMessages],
  );

  return {
    messages,
    hasOlder,
    isLoadingOlder,
    isLoaded,
    loadError,
    isStreaming,
    actionError,
    clearActionError: () => setActionError(undefined),
    loadOlder,
    send,
    regenerate,
    continueReply,
    replyToNewest,
    stop,
    swipe,
    edit,
    remove,
  };
}
