import { type ChangeEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client.js';
import { CharacterCard } from './explore-page.js';
import { type CharacterListItem, charactersApi } from './characters-api.js';
import './characters.css';

/** "Create": the caller's own characters (every state), a new-character button and card import. */
export function CreatePage() {
  const navigate = useNavigate();
  const [items, setItems] = useState<CharacterListItem[]>([]);
  const [error, setError] = useState<string>();
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    charactersApi
      .list({ mine: true, sort: 'new' })
      .then((page) => setItems(page.items))
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : 'Could not load your characters.'),
      );
  }, []);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setImporting(true);
    try {
      const { character } = await charactersApi.importCard(file);
      navigate(`/characters/${encodeURIComponent(character.id)}/edit`);
    } catch (caught) {
      setError(caught instanceof ApiError ? `Import failed: ${caught.message}` : 'Import failed.');
    } finally {
      setImporting(false);
    }
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1>Create</h1>
        <div className="button-row">
          <Link to="/characters/new" className="button button--primary">
            New character
          </Link>
          <label className="button">
            {importing ? 'Importing…' : 'Import card'}
            <input
              type="file"
              name="card"
              accept=".png,.json,.charx,image/png,application/json"
              className="visually-hidden"
              disabled={importing}
              onChange={(event) => void importFile(event)}
            />
          </label>
        </div>
      </header>
      <p className="field__hint">
        Import Character Card V1/V2/V3 files (PNG, JSON) or CHARX archives from other apps.
      </p>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      <h2>Your characters</h2>
      {items.length === 0 ? (
        <p className="explore__empty">You have not made a character yet.</p>
      ) : (
        <ul className="character-grid">
          {items.map((item) => (
            <li key={item.id}>
              <CharacterCard item={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
