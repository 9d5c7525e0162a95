import { type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatMessage } from './chat-messages.js';

export interface MessageListProps {
  messages: ChatMessage[];
  hasOlder: boolean;
  isLoadingOlder: boolean;
  onLoadOlder(): void;
  renderMessage(message: ChatMessage, index: number): ReactNode;
}

// Within this many pixels of the bottom, new text keeps the view pinned to the newest message.
const STICKY_BOTTOM_PX = 96;

/**
 * The scrollable history. Only loaded pages are in the DOM (50 per page), and each message uses
 * `content-visibility: auto` so the browser skips layout and paint for the ones off screen — a
 * 5,000-message chat opens with one page and stays smooth as older pages are added.
 * Scrolling near the top loads the previous page and keeps the reading position in place.
 */
export function MessageList({
  messages,
  hasOlder,
  isLoadingOlder,
  onLoadOlder,
  renderMessage,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const isPinnedRef = useRef(true);
  // The first message and where it sat on screen, kept current so a prepend can restore it.
  const anchorRef = useRef<{ firstId?: string; lastId?: string; top: number }>({ top: 0 });

  // After each render: when older messages were prepended, put the message that was first back
  // where it was on screen; otherwise follow the conversation if the reader was at the bottom.
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const previous = anchorRef.current;
    const firstId = messages[0]?.id;
    const lastId = messages.at(-1)?.id;
    const wasPrepended =
      previous.firstId !== undefined && firstId !== previous.firstId && lastId === previous.lastId;
    const anchor = wasPrepended ? elementOf(scroller, previous.firstId) : null;
    if (anchor) {
      scroller.scrollTop += anchor.getBoundingClientRect().top - previous.top;
    } else if (isPinnedRef.current) {
      scroller.scrollTop = scroller.scrollHeight;
    }
    anchorRef.current = { firstId, lastId, top: topOf(scroller, firstId) };
  });

  // Load the previous page when the top comes near; re-armed after every page so a short first page
  // that does not fill the screen keeps loading until it does.
  useEffect(() => {
    const scroller = scrollRef.current;
    const sentinel = sentinelRef.current;
    if (!scroller || !sentinel || !hasOlder || isLoadingOlder) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadOlder();
      },
      { root: scroller, rootMargin: '300px 0px 0px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasOlder, isLoadingOlder, onLoadOlder]);

  return (
    <div
      className="chat__scroll"
      ref={scrollRef}
      onScroll={(event) => {
        const scroller = event.currentTarget;
        isPinnedRef.current =
          scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICKY_BOTTOM_PX;
        anchorRef.current.top = topOf(scroller, anchorRef.current.firstId);
      }}
    >
      <div ref={sentinelRef} className="chat__older">
        {hasOlder ? (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={onLoadOlder}
            disabled={isLoadingOlder}
          >
            {isLoadingOlder ? 'Loading earlier messages…' : 'Load earlier messages'}
          </button>
        ) : (
          messages.length > 0 && <p className="chat__start">This is the beginning of your chat.</p>
        )}
      </div>
      <ol className="message-list" aria-label="Messages">
        {messages.map((message, index) => renderMessage(message, index))}
      </ol>
    </div>
  );
}

function elementOf(scroller: HTMLElement, messageId: string | undefined): HTMLElement | null {
  return messageId ? scroller.querySelector(`[data-message-id="${CSS.escape(messageId)}"]`) : null;
}

function topOf(scroller: HTMLElement, messageId: string | undefined): number {
  return elementOf(scroller, messageId)?.getBoundingClientRect().top ?? 0;
}
