import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { type Chat, chatsApi } from '../../api/chats.js';
import { ChatHeader } from './chat-header.js';
import type { ChatMessage } from './chat-messages.js';
import { Composer } from './composer.js';
import { GiftBar } from './gift-bar.js';
import { MessageItem } from './message-item.js';
import { MessageList } from './message-list.js';
import { useChat } from './use-chat.js';

/** One conversation: history with scroll-back, streaming replies and the message actions. */
export function ChatPage() {
  const { chatId = '' } = useParams();
  const navigate = useNavigate();
  const [chat, setChat] = useState<Chat | null>(null);
  const [chatError, setChatError] = useState<string>();
  const view = useChat(chatId);

  useEffect(() => {
    let isCurrent = true;
    setChat(null);
    setChatError(undefined);
    chatsApi
      .get(chatId)
      .then(({ chat: loaded }) => isCurrent && setChat(loaded))
      .catch((error: unknown) => {
        if (!isCurrent) return;
        setChatError(error instanceof ApiError && error.status === 404 ? 'not_found' : String(error));
      });
    return () => {
      isCurrent = false;
    };
  }, [chatId]);

  const onRename = useCallback(
    async (title: string) => {
      const { chat: renamed } = await chatsApi.rename(chatId, title);
      setChat((current) => (current ? { ...current, title: renamed.title } : current));
    },
    [chatId],
  );

  const onDelete = useCallback(async () => {
    await chatsApi.remove(chatId);
    navigate('/chats', { replace: true });
  }, [chatId, navigate]);

  const { messages, isStreaming, swipe, edit, remove, regenerate, continueReply } = view;
  const onSwipe = useCallback((message: ChatMessage, index: number) => void swipe(message, index), [swipe]);
  const onDeleteMessage = useCallback((message: ChatMessage) => void remove(message), [remove]);
  const onRegenerate = useCallback(() => void regenerate(), [regenerate]);
  const onContinue = useCallback(() => void continueReply(), [continueReply]);
  const { replyToNewest } = view;
  const onGiftSent = useCallback(() => void replyToNewest(), [replyToNewest]);

  if (chatError || view.loadError) {
    return (
      <section className="page">
        <div className="empty-state">
          <h1>{chatError === 'not_found' ? 'Chat not found' : 'This chat could not be loaded'}</h1>
          <p>{chatError === 'not_found' ? 'It may have been deleted.' : (view.loadError ?? chatError)}</p>
          <Link to="/chats" className="button button--primary">
            All chats
          </Link>
        </div>
      </section>
    );
  }

  const characterName = chat?.characterName ?? '…';
  return (
    <section className="chat" aria-label={chat ? `Chat: ${chat.title}` : 'Chat'}>
      {chat && <ChatHeader chat={chat} onRename={onRename} onDelete={onDelete} />}
      {!view.isLoaded ? (
        <div className="chat__loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">Loading messages…</span>
        </div>
      ) : (
        <MessageList
          messages={messages}
          hasOlder={view.hasOlder}
          isLoadingOlder={view.isLoadingOlder}
          onLoadOlder={view.loadOlder}
          renderMessage={(message, index) => (
            <MessageItem
              key={message.id}
              message={message}
              characterName={characterName}
              avatarUrl={chat?.characterAvatarUrl ?? null}
              isLast={index === messages.length - 1}
              isBusy={isStreaming}
              onSwipe={onSwipe}
              onEdit={edit}
              onDelete={onDeleteMessage}
              onRegenerate={onRegenerate}
              onContinue={onContinue}
            />
          )}
        />
      )}
      {view.actionError && (
        <div className="chat__error" role="alert">
          <span>{view.actionError}</span>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={view.clearActionError}
          >
            Dismiss
          </button>
        </div>
      )}
      <GiftBar chatId={chatId} isDisabled={isStreaming || !view.isLoaded} onSent={onGiftSent} />
      <Composer
        characterName={characterName}
        isStreaming={isStreaming}
        isDisabled={!view.isLoaded}
        onSend={view.send}
        onStop={view.stop}
      />
    </section>
  );
}
