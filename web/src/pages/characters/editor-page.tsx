import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useCurrentUser } from '../../session/session.js';
import { CharacterAvatar } from '../chat/character-avatar.js';
import {
  type Character,
  type DesignDoc,
  charactersApi,
  emptyDoc,
  previewGreeting,
} from './characters-api.js';
import { GreetingsSection, IdentitySection, StorySection, VoiceSection } from './editor-sections.js';
import { PublishingSection, RuntimeSection } from './editor-settings-sections.js';
import './characters.css';

const cleanList = (items: string[]) => items.map((item) => item.trim()).filter(Boolean);

/** Drops the blank rows the form keeps for typing, so the server sees only real entries. */
function cleanDoc(doc: DesignDoc): DesignDoc {
  const { status: _status, ...rest } = doc;
  return {
    ...rest,
    greetings: cleanList(doc.greetings),
    boundaries: cleanList(doc.boundaries),
    tabooTopics: cleanList(doc.tabooTopics),
    tags: cleanList(doc.tags),
    speechRhythm: { ...doc.speechRhythm, verbalQuirks: cleanList(doc.speechRhythm.verbalQuirks) },
    exampleDialogues: doc.exampleDialogues.filter(
      (example) => example.user.trim() && example.character.trim(),
    ),
  };
}

function errorsOf(caught: unknown): { fields: Record<string, string>; form?: string } {
  if (!(caught instanceof ApiError)) return { fields: {}, form: 'Saving failed. Please try again.' };
  const fields: Record<string, string> = {};
  if (Array.isArray(caught.details)) {
    for (const detail of caught.details as { path?: string; message?: string; match?: string }[]) {
      const path = String(detail.path ?? '')
        .replace(/^\/?(doc[./])?/, '')
        .replaceAll('/', '.');
      if (path)
        fields[path] ??=
          detail.message ?? `“${detail.match}” suggests an age under 18; characters must be adults.`;
    }
  }
  const placed = Object.keys(fields).length;
  if (placed === 0) return { fields, form: caught.message };
  // The details sit beside their fields (issue 21 item 5); the form-level line only points at them.
  return {
    fields,
    form: placed === 1 ? 'Please fix the marked field.' : `Please fix the ${placed} marked fields.`,
  };
}

/** The character editor: design-doc sections, live greeting, owner-only prompt preview, versions. */
export function EditorPage() {
  const { characterId } = useParams();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [doc, setDoc] = useState<DesignDoc>(emptyDoc);
  const [allowFork, setAllowFork] = useState(false);
  const [character, setCharacter] = useState<Character | null>(null);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form?: string }>({ fields: {} });
  const location = useLocation();
  const [notice, setNotice] = useState<string | undefined>(
    (location.state as { notice?: string } | null)?.notice,
  );
  // A new character gets its URL only after the whole action, so publish is not cut off by a remount.
  const createdId = useRef<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ systemPrompt: string; tokens: number } | null>(null);
  const [versions, setVersions] = useState<{ version: number; createdAt: string }[]>([]);

  const refreshSide = useCallback(async (id: string) => {
    const [nextPreview, nextVersions] = await Promise.all([
      charactersApi.promptPreview(id),
      charactersApi.versions(id),
    ]);
    setPreview(nextPreview);
    setVersions(nextVersions.versions);
  }, []);

  useEffect(() => {
    if (!characterId) return;
    charactersApi
      .get(characterId)
      .then(({ character: loaded }) => {
        setCharacter(loaded);
        setDoc({ ...emptyDoc(), ...loaded.doc, runtime: loaded.doc.runtime ?? emptyDoc().runtime });
        setAllowFork(loaded.allowFork);
        return refreshSide(loaded.id);
      })
      .catch((caught: unknown) =>
        setErrors({ fields: {}, form: caught instanceof ApiError ? caught.message : 'Could not load.' }),
      );
  }, [characterId, refreshSide]);

  async function run(action: () => Promise<void>, success: string) {
    setBusy(true);
    setNotice(undefined);
    try {
      await action();
      setErrors({ fields: {} });
      setNotice(success);
      if (!characterId && createdId.current) {
        navigate(`/characters/${encodeURIComponent(createdId.current)}/edit`, {
          replace: true,
          state: { notice: success },
        });
      }
    } catch (caught) {
      setErrors(errorsOf(caught));
    } finally {
      setBusy(false);
    }
  }

  async function save(): Promise<Character> {
    if (!character) {
      const { character: created } = await charactersApi.create(cleanDoc(doc), allowFork);
      setCharacter(created);
      createdId.current = created.id;
      await refreshSide(created.id);
      return created;
    }
    const { character: updated } = await charactersApi.update(character.id, cleanDoc(doc), allowFork);
    setCharacter(updated);
    await refreshSide(updated.id);
    return updated;
  }

  const publish = () =>
    run(async () => {
      const saved = await save();
      const { character: published } = await charactersApi.publish(
        saved.id,
        doc.visibility === 'unlisted' ? 'unlisted' : 'public',
      );
      setCharacter(published);
      setDoc((current) => ({ ...current, visibility: published.visibility }));
    }, 'Published.');

  async function uploadAvatar(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !character) return;
    await run(async () => {
      const { character: updated } = await charactersApi.uploadAvatar(character.id, file);
      setCharacter(updated);
    }, 'Avatar updated.');
  }

  // Bring the first field with an error into view: the form is long and the save button is at its end.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors.fields).length === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('.field--invalid');
    invalid?.scrollIntoView({ block: 'center' });
    invalid?.querySelector<HTMLElement>('input, textarea, select')?.focus({ preventScroll: true });
  }, [errors]);

  const sectionProps = { doc, setDoc, errors: errors.fields };
  return (
    <section className="page editor">
      <header className="page__header">
        <h1>{character ? `Edit ${character.name}` : 'New character'}</h1>
        {character && (
          <span className="badge">
            {character.status} · {character.visibility} · v{character.version}
          </span>
        )}
      </header>
      <div className="editor__layout">
        <form
          ref={formRef}
          className="editor__form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => void (await save()), 'Draft saved.');
          }}
        >
          <IdentitySection {...sectionProps} />
          <StorySection {...sectionProps} />
          <VoiceSection {...sectionProps} />
          <GreetingsSection {...sectionProps} />
          <RuntimeSection {...sectionProps} />
          <PublishingSection {...sectionProps} allowFork={allowFork} setAllowFork={setAllowFork} />
          {errors.form && (
            <p className="form-message form-message--error" role="alert">
              {errors.form}
            </p>
          )}
          {notice && (
            <p className="form-message form-message--success" role="status">
              {notice}
            </p>
          )}
          <div className="button-row editor__actions">
            <button type="submit" className="button" disabled={busy}>
              Save draft
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void publish()}
            >
              {character?.status === 'published' ? 'Save & keep published' : 'Publish'}
            </button>
            {character?.status === 'published' && (
              <button
                type="button"
                className="button button--ghost"
                disabled={busy}
                onClick={() =>
                  void run(
                    async () => setCharacter((await charactersApi.unpublish(character.id)).character),
                    'Unpublished.',
                  )
                }
              >
                Unpublish
              </button>
            )}
          </div>
        </form>
        <aside className="editor__side">
          <div className="card">
            <h2>Greeting preview</h2>
            <div className="editor__bubble">
              {previewGreeting(doc.greetings[0] ?? '', doc.name, user.displayName) || '…'}
            </div>
          </div>
          {character && (
            <div className="card">
              <h2>Avatar</h2>
              <CharacterAvatar name={character.name} url={character.avatarUrl} size={96} />
              <label className="button button--small">
                Upload image
                <input
                  type="file"
                  name="avatar"
                  accept="image/*"
                  className="visually-hidden"
                  onChange={(event) => void uploadAvatar(event)}
                />
              </label>
            </div>
          )}
          {preview && (
            <details className="card" open>
              <summary>
                System prompt · <span data-testid="prompt-tokens">{preview.tokens}</span> tokens (estimate, as
                saved)
              </summary>
              <pre className="editor__prompt">{preview.systemPrompt}</pre>
            </details>
          )}
          {character && (
            <div className="card">
              <h2>Versions</h2>
              <ol className="editor__versions">
                {versions.map((version) => (
                  <li key={version.version}>
                    v{version.version} · {new Date(version.createdAt).toLocaleString()}
                  </li>
                ))}
              </ol>
              <p>
                Export:{' '}
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
              <Link to={`/characters/${encodeURIComponent(character.id)}`}>View page</Link>
            </div>
          )}
        </aside>
      </div>
    </section>
  );
}
