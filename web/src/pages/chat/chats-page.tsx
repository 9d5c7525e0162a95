import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { type Chat, chatsApi } from '../../api/chats.js';
import { formatDateTime } from '../../components/format-date.js';
import { CharacterAvatar } from './character-avatar.js';

/** Every chat of the user, most recent first. */
export function ChatsPage() {
  const [chats, setChats] = useState<Chat[] | null>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let isCurrent = true;
    chatsApi
      .list()
      .then(({ chats: loaded }) => {
        if (!isCurrent) return;
        setChats([...loaded].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt)));
      })
      .catch((caught: unknown) => {
        if (isCurrent) setError(caught instanceof ApiError ? caught.message : 'Could not load your chats.');
      });
    return () => {
      isCurrent = false;
    };
  }, []);

  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>Chats</h1>
      </header>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {!chats && !error && (
        <div className="chat__loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">Loading chats…</span>
        </div>
      )}
      {chats?.length === 0 && (
        <div className="empty-state">
          <h2>No chats yet</h2>
          <p>Find a character in Explore and start a conversation.</p>
          <Link to="/explore" className="button button--primary">
            Explore characters
          </Link>
        </div>
      )}
      {chats && chats.length > 0 && (
        <ul className="chat-list" aria-label="Your chats">
          {chats.map((chat) => (
            <li key={chat.id}>
              <Link to={`/chats/${encodeURIComponent(chat.id)}`} className="chat-list__item">
                <CharacterAvatar name={chat.characterName} url={chat.characterAvatarUrl} size={48} />
                <span className="chat-list__text">
                  <strong>{chat.title}</strong>
                  {chat.title !== chat.characterName && (
                    <span className="muted">with {chat.characterName}</span>
                  )}
                </span>
                <time className="chat-list__time muted" dateTime={chat.lastMessageAt}>
                  {formatDateTime(chat.lastMessageAt)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
