import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import type { Chat } from '../../api/chats.js';
import { Icon } from '../../components/icons.js';
import { CharacterAvatar } from './character-avatar.js';

export interface ChatHeaderProps {
  chat: Chat;
  onRename(title: string): Promise<void>;
  onDelete(): Promise<void>;
}

/** Back to the list, who you are talking to, and renaming or deleting the chat. */
export function ChatHeader({ chat, onRename, onDelete }: ChatHeaderProps) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [title, setTitle] = useState(chat.title);
  const [error, setError] = useState<string>();
  const titleId = useId();

  async function run(action: () => Promise<void>) {
    setError(undefined);
    try {
      await action();
      setMode('view');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Please try again.');
    }
  }

  return (
    <header className="chat__header">
      <Link to="/chats" className="icon-button" aria-label="All chats">
        <Icon name="back" />
      </Link>
      <CharacterAvatar name={chat.characterName} url={chat.characterAvatarUrl} size={40} />
      {mode === 'rename' ? (
        <form
          className="chat__rename"
          aria-label="Rename chat"
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim()) void run(() => onRename(title.trim()));
          }}
        >
          <label htmlFor={titleId} className="visually-hidden">
            Chat title
          </label>
          <input
            id={titleId}
            value={title}
            maxLength={120}
            onChange={(event) => setTitle(event.target.value)}
          />
          <button type="submit" className="button button--primary button--small">
            Save
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setMode('view')}
          >
            Cancel
          </button>
        </form>
      ) : (
        <div className="chat__title">
          <h1>{chat.title}</h1>
          {chat.title !== chat.characterName && <p className="muted">with {chat.characterName}</p>}
        </div>
      )}
      {mode === 'view' && (
        <div className="chat__header-actions">
          <Link
            to={`/characters/${encodeURIComponent(chat.characterId)}/memory`}
            className="button button--ghost button--small"
            title={`What ${chat.characterName} remembers about you`}
          >
            Memory
          </Link>
          <button
            type="button"
            className="icon-button"
            aria-label="Rename chat"
            title="Rename chat"
            onClick={() => {
              setTitle(chat.title);
              setMode('rename');
            }}
          >
            <Icon name="edit" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Delete chat"
            title="Delete chat"
            onClick={() => setMode('delete')}
          >
            <Icon name="trash" />
          </button>
        </div>
      )}
      {mode === 'delete' && (
        <div className="chat__confirm" role="alertdialog" aria-label="Delete this chat?">
          <span>Delete this chat and all its messages?</span>
          <button
            type="button"
            className="button button--danger button--small"
            onClick={() => void run(onDelete)}
          >
            Delete chat
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setMode('view')}
          >
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="chat__header-error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}
