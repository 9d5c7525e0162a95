import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { chatsApi } from '../../api/chats.js';

/**
 * `/chats/new?character=<id or slug>` starts a chat and opens it. Other pages (Explore, a character
 * page) link here instead of creating chats themselves.
 */
export function NewChatPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const characterId = searchParams.get('character');
  const [error, setError] = useState<string>();
  const hasStarted = useRef(false);

  useEffect(() => {
    // StrictMode runs effects twice in development; one chat per visit.
    if (!characterId || hasStarted.current) return;
    hasStarted.current = true;
    chatsApi
      .create(characterId)
      .then(({ chat }) => navigate(`/chats/${encodeURIComponent(chat.id)}`, { replace: true }))
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : 'The chat could not be started.'),
      );
  }, [characterId, navigate]);

  return (
    <section className="page">
      {error || !characterId ? (
        <div className="empty-state">
          <h1>Could not start a chat</h1>
          <p>{error ?? 'No character was chosen.'}</p>
          <Link to="/explore" className="button button--primary">
            Explore characters
          </Link>
        </div>
      ) : (
        <div className="chat__loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">Starting your chat…</span>
        </div>
      )}
    </section>
  );
}
