import { useCallback, useEffect, useState } from 'react';
import { formErrorsOf } from '../../forms/form-errors.js';
import { type Decision, type QueueItem, moderationApi } from './moderation-api.js';
import { QueueItemCard } from './queue-item-card.js';
import './moderation.css';

const STATUSES = ['pending', 'escalated', 'upheld', 'dismissed'] as const;

/** The review queue (issue 7): oldest first, with context, categories and scores, and actions. */
export function ModerationPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async () => {
    try {
      setItems((await moderationApi.queue(status)).items);
      setError(undefined);
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }, [status]);

  useEffect(() => {
    void load();
  }, [load]);

  async function act(action: () => Promise<unknown>, message: string) {
    try {
      await action();
      setNotice(message);
      await load();
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }

  return (
    <section className="moderation-page">
      <h1>Moderation</h1>
      <nav className="moderation-tabs" aria-label="Queue status">
        {STATUSES.map((candidate) => (
          <button
            key={candidate}
            type="button"
            aria-pressed={candidate === status}
            onClick={() => setStatus(candidate)}
          >
            {candidate}
          </button>
        ))}
      </nav>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {notice && <output className="notice">{notice}</output>}
      {items === null ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>Nothing {status} — the queue is clear.</p>
      ) : (
        <ul className="moderation-list">
          {items.map((item) => (
            <QueueItemCard
              key={item.id}
              item={item}
              onDecide={(decision: Decision) =>
                act(() => moderationApi.decide(item.id, decision), `Item ${decision.decision}ed.`)
              }
              onSuspend={(userId, reason, days) =>
                act(() => moderationApi.suspend(userId, reason, days), 'User suspended.')
              }
              onBan={(userId, reason) => act(() => moderationApi.ban(userId, reason), 'User banned.')}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
