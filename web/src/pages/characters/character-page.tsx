import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useCurrentUser } from '../../session/session.js';
import { CharacterAvatar } from '../chat/character-avatar.js';
import { type Character, charactersApi, previewGreeting } from './characters-api.js';
import './characters.css';

const reasons = [
  ['minor', 'Depicts a minor'],
  ['sexual_content', 'Sexual content in a SFW character'],
  ['hate', 'Hate or harassment'],
  ['violence', 'Violence or self-harm'],
  ['impersonation', 'Impersonates a real person'],
  ['copyright', 'Copyright'],
  ['spam', 'Spam'],
  ['other', 'Something else'],
] as const;

/** A character's public page: greeting, creator, start chat, favourite, fork, report, export. */
export function CharacterPage() {
  const { characterId = '' } = useParams();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [character, setCharacter] = useState<Character | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState<string>('other');
  const [details, setDetails] = useState('');

  useEffect(() => {
    charactersApi
      .get(characterId)
      .then(({ character: loaded }) => setCharacter(loaded))
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : 'Could not load the character.'),
      );
  }, [characterId]);

  async function act(action: () => Promise<void>) {
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'That did not work. Please try again.');
    }
  }

  if (!character) {
    return (
      <section className="page">
        {error ? (
          <div className="empty-state">
            <h1>Character not found</h1>
            <p>{error}</p>
            <Link to="/explore" className="button">
              Back to Explore
            </Link>
          </div>
        ) : (
          <span className="spinner" role="status" aria-label="Loading" />
        )}
      </section>
    );
  }

  const userName = user.displayName;
  const toggleFavourite = () =>
    act(async () => {
      const on = !character.viewer.isFavourite;
      await charactersApi.favourite(character.id, on);
      setCharacter({
        ...character,
        favourites: character.favourites + (on ? 1 : -1),
        viewer: { ...character.viewer, isFavourite: on },
      });
    });
  const fork = () =>
    act(async () => {
      const { character: copy } = await charactersApi.fork(character.id);
      navigate(`/characters/${encodeURIComponent(copy.id)}/edit`);
    });
  const report = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await charactersApi.report(character.id, reason, details);
      setReporting(false);
      setNotice('Thank you. A moderator will look at your report.');
    });
  };

  return (
    <section className="page character-page">
      <header className="character-page__header">
        <CharacterAvatar name={character.name} url={character.avatarUrl} size={128} />
        <div>
          <h1>{character.name}</h1>
          <p className="character-page__tagline">{character.tagline}</p>
          <p className="character-card__meta">
            {character.official
              ? 'Official Hearth character'
              : `Created by ${character.creatorName ?? 'unknown'}`}
            {' · '}
            {character.favourites} favourites
            {character.rating === 'nsfw' && <span className="badge badge--adult">18+</span>}
            {character.status !== 'published' && <span className="badge">{character.status}</span>}
          </p>
          <div className="button-row">
            <Link
              to={`/chats/new?character=${encodeURIComponent(character.id)}`}
              className="button button--primary"
            >
              Start chat
            </Link>
            <button
              type="button"
              className="button"
              aria-pressed={character.viewer.isFavourite}
              onClick={toggleFavourite}
            >
              {character.viewer.isFavourite ? '★ Favourited' : '☆ Favourite'}
            </button>
            {character.viewer.canEdit && (
              <Link to={`/characters/${encodeURIComponent(character.id)}/edit`} className="button">
                Edit
              </Link>
            )}
            {character.viewer.canFork && !character.viewer.isOwner && (
              <button type="button" className="button" onClick={fork}>
                Fork
              </button>
            )}
            {!character.viewer.isOwner && (
              <button type="button" className="button button--ghost" onClick={() => setReporting(!reporting)}>
                Report
              </button>
            )}
          </div>
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
      {reporting && (
        <form className="card report-form" onSubmit={report}>
          <h2>Report this character</h2>
          <label>
            Reason
            <select value={reason} onChange={(event) => setReason(event.target.value)}>
              {reasons.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Details (optional)
            <textarea value={details} maxLength={2000} onChange={(event) => setDetails(event.target.value)} />
          </label>
          <button type="submit" className="button button--danger">
            Send report
          </button>
        </form>
      )}
      <div className="card character-page__greeting">
        <h2>Greeting</h2>
        <p>{previewGreeting(character.greeting, character.name, userName)}</p>
      </div>
      {character.description && (
        <div className="card">
          <h2>About</h2>
          <p className="prewrap">{character.description}</p>
        </div>
      )}
      {character.doc.scenario && (
        <div className="card">
          <h2>Scenario</h2>
          <p className="prewrap">{character.doc.scenario}</p>
        </div>
      )}
      <ul className="tag-list">
        {character.tags.map((tag) => (
          <li key={tag}>
            <span className="tag">#{tag}</span>
          </li>
        ))}
      </ul>
      <p className="character-page__export">
        Export card:{' '}
        {(['png', 'json', 'charx'] as const).map((format) => (
          <a
            key={format}
            className="button button--small"
            href={charactersApi.exportUrl(character.id, format)}
            download
          >
            {format.toUpperCase()}
          </a>
        ))}
      </p>
    </section>
  );
}
