import { type FormEvent, useState } from 'react';
import { type Decision, type QueueItem, formatAge } from './moderation-api.js';

interface Props {
  item: QueueItem;
  onDecide(decision: Decision): Promise<void>;
  onSuspend(userId: string, reason: string, days?: number): Promise<void>;
  onBan(userId: string, reason: string): Promise<void>;
}

/** One flagged or reported item: what was said, what came before, why it was flagged, and actions. */
export function QueueItemCard({ item, onDecide, onSuspend, onBan }: Props) {
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('7');
  const [busy, setBusy] = useState(false);
  const subject = item.subjectUserId;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }

  function suspend(event: FormEvent) {
    event.preventDefault();
    if (!subject) return;
    const parsed = Number.parseInt(days, 10);
    void run(() => onSuspend(subject, reason || item.reason, parsed > 0 ? parsed : undefined));
  }

  return (
    <li
      className={item.urgent ? 'moderation-item moderation-item-urgent' : 'moderation-item'}
      data-testid="moderation-item"
      aria-busy={busy}
    >
      <header className="moderation-item-header">
        {item.urgent && (
          <strong className="moderation-badge moderation-badge-urgent">Urgent: person may be at risk</strong>
        )}
        <strong>{item.source === 'report' ? 'User report' : `Flagged ${item.direction}`}</strong>
        <span className="moderation-badge">{item.reason}</span>
        <span className="moderation-badge">action: {item.actionTaken}</span>
        <span className="moderation-age" title={item.createdAt}>
          waiting {formatAge(item.ageSeconds)}
        </span>
      </header>
      <p className="moderation-subject">
        User: {item.subjectDisplayName ?? item.subjectUserId ?? 'unknown'}
        {item.subjectStatus && item.subjectStatus !== 'active' ? ` (${item.subjectStatus})` : ''}
        {item.characterId ? ` · character ${item.characterId}` : ''}
      </p>
      {item.context.length > 0 && (
        <ol className="moderation-context" aria-label="Preceding messages">
          {item.context.map((message, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a frozen snapshot, never reordered.
            <li key={index} className={`moderation-context-${message.role}`}>
              <span className="moderation-role">{message.role}</span> {message.content}
            </li>
          ))}
        </ol>
      )}
      <blockquote className="moderation-content">{item.content}</blockquote>
      {item.categories.length > 0 && (
        <ul className="moderation-categories" aria-label="Categories and scores">
          {item.categories.map((category) => (
            <li key={category.category}>
              {category.category} <b>{category.score.toFixed(2)}</b> <small>({category.source})</small>
            </li>
          ))}
        </ul>
      )}
      <div className="moderation-actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(() => onDecide({ decision: 'dismiss' }))}
        >
          Dismiss
        </button>
        <button
          type="button"
          disabled={busy || !subject}
          onClick={() =>
            void run(() => onDecide({ decision: 'uphold', strike: true, note: reason || undefined }))
          }
        >
          Uphold + strike
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void run(() => onDecide({ decision: 'escalate' }))}
        >
          Escalate
        </button>
      </div>
      {subject && (
        <form className="moderation-enforce" onSubmit={suspend}>
          <label>
            Reason
            <input
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              placeholder={item.reason}
            />
          </label>
          <label>
            Days
            <input type="number" min={1} value={days} onChange={(event) => setDays(event.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            Suspend user
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void run(() => onBan(subject, reason || item.reason))}
          >
            Ban
          </button>
        </form>
      )}
    </li>
  );
}
