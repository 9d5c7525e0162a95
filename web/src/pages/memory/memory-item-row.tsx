import { useState } from 'react';
import { formatDate } from '../../components/format-date.js';
import type { MemoryItem } from './memory-api.js';

/** One remembered item with inline edit and delete. */
export function MemoryItemRow(props: {
  item: MemoryItem;
  onSave(id: string, text: string): Promise<void>;
  onDelete(id: string): Promise<void>;
}) {
  const { item } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.text);
  const past = item.kind === 'fact' && item.invalidAt;
  return (
    <li className={`memory-item${past ? ' memory-item--past' : ''}`} data-memory-id={item.id}>
      {editing ? (
        <form
          className="memory-item__edit"
          onSubmit={async (event) => {
            event.preventDefault();
            await props.onSave(item.id, text);
            setEditing(false);
          }}
        >
          <label className="visually-hidden" htmlFor={`memory-${item.id}`}>
            Memory text
          </label>
          <textarea
            id={`memory-${item.id}`}
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={2}
          />
          <div className="button-row">
            <button type="submit" className="button button--primary">
              Save
            </button>
            <button type="button" className="button button--ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="memory-item__text">{item.text}</p>
          <p className="memory-item__meta">
            {past
              ? `Used to be true: ${item.validAt ? formatDate(item.validAt) : '?'} – ${formatDate(item.invalidAt!)}`
              : item.validAt
                ? formatDate(item.validAt)
                : ''}
            {item.kind === 'fact' && ` · importance ${item.importance}`}
          </p>
          <div className="button-row">
            <button type="button" className="button button--ghost" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="button button--ghost"
              aria-label={`Delete memory: ${item.text.slice(0, 40)}`}
              onClick={() => props.onDelete(item.id)}
            >
              Delete
            </button>
          </div>
        </>
      )}
    </li>
  );
}
