import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formErrorsOf } from '../../forms/form-errors.js';
import {
  LIST_FIELDS,
  type MemoryItem,
  type MemoryOverview,
  PROFILE_FIELDS,
  memoryApi,
} from './memory-api.js';
import { MemoryItemRow } from './memory-item-row.js';
import './memory.css';

/** The memory panel (issue 6): what a character remembers about you, with search, edit, delete, export. */
export function MemoryPage() {
  const { characterId = '' } = useParams();
  const [overview, setOverview] = useState<MemoryOverview | null>(null);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [profileDraft, setProfileDraft] = useState<Record<string, string>>({});

  const load = useCallback(
    async (q?: string) => {
      try {
        const next = await memoryApi.overview(characterId, q);
        setOverview(next);
        setProfileDraft(
          Object.fromEntries(
            next.profile.map((entry) => [
              entry.field,
              Array.isArray(entry.value) ? entry.value.join(', ') : entry.value,
            ]),
          ),
        );
        setError(undefined);
      } catch (caught) {
        setError(formErrorsOf(caught, []).form);
      }
    },
    [characterId],
  );

  useEffect(() => {
    void load();
  }, [load]);

  async function act(action: () => Promise<unknown>, message?: string) {
    try {
      await action();
      setNotice(message);
      await load(query || undefined);
    } catch (caught) {
      setError(formErrorsOf(caught, []).form);
    }
  }

  const save = (id: string, text: string) => act(() => memoryApi.edit(id, { text }), 'Memory updated.');
  const remove = (id: string) => act(() => memoryApi.remove(id), 'Memory deleted.');

  function search(event: FormEvent) {
    event.preventDefault();
    void load(query.trim() || undefined);
  }

  function saveProfile(event: FormEvent) {
    event.preventDefault();
    const fields = Object.fromEntries(
      PROFILE_FIELDS.map((field) => {
        const value = (profileDraft[field] ?? '').trim();
        if (!value) return [field, null];
        return [
          field,
          LIST_FIELDS.has(field)
            ? value
                .split(',')
                .map((part) => part.trim())
                .filter(Boolean)
            : value,
        ];
      }),
    );
    void act(() => memoryApi.editProfile(characterId, fields), 'Profile saved.');
  }

  async function exportAll() {
    const blob = await memoryApi.exportJson(characterId);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'hearth-memories.json';
    link.click();
    URL.revokeObjectURL(url);
  }

  function forgetAll() {
    if (!window.confirm('Forget everything this character remembers about you? This cannot be undone.'))
      return;
    void act(() => memoryApi.forgetAll(characterId), 'Everything was forgotten.');
  }

  const list = (items: MemoryItem[], empty: string) =>
    items.length === 0 ? (
      <p className="memory-empty">{empty}</p>
    ) : (
      <ul className="memory-list">
        {items.map((item) => (
          <MemoryItemRow key={`${item.id}-${item.updatedAt}`} item={item} onSave={save} onDelete={remove} />
        ))}
      </ul>
    );

  return (
    <section className="page memory-page">
      <header className="memory-page__header">
        <h1>Memory</h1>
        <p>
          What this character remembers about you.{' '}
          <Link to={`/characters/${encodeURIComponent(characterId)}`}>Back to the character</Link>
        </p>
        <div className="button-row">
          <button type="button" className="button" onClick={() => void exportAll()}>
            Export
          </button>
          <button type="button" className="button button--danger" onClick={forgetAll}>
            Forget everything
          </button>
        </div>
      </header>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="form-message form-message--success" role="status">
          {notice}
        </p>
      )}
      <form className="memory-search" aria-label="Search memories" onSubmit={search}>
        <label htmlFor="memory-search">Search memories</label>
        <input
          id="memory-search"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {!overview ? (
        <span className="spinner" role="status" aria-label="Loading" />
      ) : (
        <div className="memory-sections">
          <section aria-labelledby="memory-facts">
            <h2 id="memory-facts">Facts</h2>
            {list(overview.facts.current, 'No facts yet.')}
          </section>
          <section aria-labelledby="memory-past">
            <h2 id="memory-past">No longer true</h2>
            {list(overview.facts.past, 'Nothing has changed yet.')}
          </section>
          <section aria-labelledby="memory-profile">
            <h2 id="memory-profile">Profile</h2>
            <form className="memory-profile" onSubmit={saveProfile}>
              {PROFILE_FIELDS.map((field) => (
                <label key={field} className="field">
                  <span>
                    {field.replace('_', ' ')}
                    {LIST_FIELDS.has(field) ? ' (comma separated)' : ''}
                  </span>
                  <input
                    value={profileDraft[field] ?? ''}
                    onChange={(event) => setProfileDraft({ ...profileDraft, [field]: event.target.value })}
                  />
                </label>
              ))}
              <button type="submit" className="button button--primary">
                Save profile
              </button>
            </form>
          </section>
          <section aria-labelledby="memory-summaries">
            <h2 id="memory-summaries">Summaries</h2>
            {list(overview.summaries, 'No summaries yet.')}
          </section>
          <section aria-labelledby="memory-moments">
            <h2 id="memory-moments">Conversation moments</h2>
            {list(overview.moments, 'Nothing remembered from conversations yet.')}
          </section>
        </div>
      )}
    </section>
  );
}
