import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { CharacterAvatar } from '../chat/character-avatar.js';
import {
  type CatalogQuery,
  type CatalogSort,
  type CharacterListItem,
  charactersApi,
} from './characters-api.js';
import './characters.css';

/** Explore: full-text search, tag and rating filters, sort, and cursor "load more". */
export function ExplorePage() {
  const [draft, setDraft] = useState({ q: '', tag: '' });
  const [query, setQuery] = useState<CatalogQuery>({ sort: 'popular', rating: '' });
  const [items, setItems] = useState<CharacterListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();

  const load = useCallback(async (next: CatalogQuery, after: string | null) => {
    setLoading(true);
    try {
      const page = await charactersApi.list({ ...next, cursor: after });
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not load characters.');
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(query, null);
  }, [query, load]);

  function search(event: FormEvent) {
    event.preventDefault();
    setQuery((current) => ({ ...current, q: draft.q.trim(), tag: draft.tag.trim().toLowerCase() }));
  }

  return (
    <section className="page explore">
      <header className="page__header">
        <h1>Explore</h1>
        <Link to="/create" className="button button--primary">
          Create a character
        </Link>
      </header>
      <form className="explore__filters" onSubmit={search} aria-label="Search characters">
        <label>
          <span className="visually-hidden">Search</span>
          <input
            type="search"
            name="q"
            placeholder="Search names, taglines, descriptions…"
            value={draft.q}
            onChange={(event) => setDraft({ ...draft, q: event.target.value })}
          />
        </label>
        <label>
          <span className="visually-hidden">Tag</span>
          <input
            name="tag"
            placeholder="Tag"
            value={draft.tag}
            onChange={(event) => setDraft({ ...draft, tag: event.target.value })}
          />
        </label>
        <select
          name="rating"
          aria-label="Rating"
          value={query.rating ?? ''}
          onChange={(event) => setQuery({ ...query, rating: event.target.value as CatalogQuery['rating'] })}
        >
          <option value="">All ratings</option>
          <option value="sfw">SFW</option>
          <option value="nsfw">NSFW</option>
        </select>
        <select
          name="sort"
          aria-label="Sort"
          value={query.sort}
          onChange={(event) => setQuery({ ...query, sort: event.target.value as CatalogSort })}
        >
          <option value="popular">Popular</option>
          <option value="trending">Trending</option>
          <option value="new">New</option>
        </select>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {error && (
        <p className="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {!loading && items.length === 0 && !error && <p className="explore__empty">No characters match.</p>}
      <ul className="character-grid">
        {items.map((item) => (
          <li key={item.id}>
            <CharacterCard
              item={item}
              onTag={(tag) => {
                setDraft({ ...draft, tag });
                setQuery({ ...query, tag });
              }}
            />
          </li>
        ))}
      </ul>
      {cursor && (
        <button
          type="button"
          className="button explore__more"
          disabled={loading}
          onClick={() => void load(query, cursor)}
        >
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

export function CharacterCard({ item, onTag }: { item: CharacterListItem; onTag?: (tag: string) => void }) {
  return (
    <article className="character-card">
      <Link to={`/characters/${encodeURIComponent(item.slug)}`} className="character-card__link">
        <CharacterAvatar name={item.name} url={item.thumbnailUrl} size={64} />
        <div>
          <h2>{item.name}</h2>
          <p className="character-card__tagline">{item.tagline}</p>
          <p className="character-card__meta">
            {item.official ? 'Official' : `by ${item.creatorName ?? 'unknown'}`}
            {item.rating === 'nsfw' && <span className="badge badge--adult">18+</span>}
            {item.status !== 'published' && <span className="badge">{item.status}</span>}
          </p>
        </div>
      </Link>
      {item.tags.length > 0 && (
        <ul className="tag-list">
          {item.tags.map((tag) => (
            <li key={tag}>
              {onTag ? (
                <button type="button" className="tag" onClick={() => onTag(tag)}>
                  #{tag}
                </button>
              ) : (
                <span className="tag">#{tag}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
