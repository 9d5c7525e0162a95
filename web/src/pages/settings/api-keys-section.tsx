import { useCallback, useEffect, useId, useState } from 'react';
import { type ApiKey, accountsApi, type CreatedApiKey } from '../../api/client.js';
import { Field, FormMessage } from '../../components/field.js';
import { formatDateTime } from '../../components/format-date.js';
import { Icon } from '../../components/icons.js';
import type { FormErrors } from '../../forms/form-errors.js';
import { formErrorsOf } from '../../forms/form-errors.js';
import { useFormAction } from '../../forms/use-form-action.js';

const fields = ['name'] as const;

export function ApiKeysSection() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [listError, setListError] = useState<string>();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const { errors, isBusy, submit } = useFormAction({
    fields,
    validate: () => {
      const result: FormErrors = { fields: {} };
      if (!name.trim()) result.fields.name = 'Give the key a name, e.g. the app that will use it.';
      return result;
    },
  });

  const load = useCallback(async () => {
    try {
      setKeys((await accountsApi.listApiKeys()).keys);
      setListError(undefined);
    } catch (error) {
      setListError(formErrorsOf(error, []).form);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const onCreate = submit(async () => {
    setCreated(await accountsApi.createApiKey(name.trim()));
    setName('');
    await load();
  });

  async function update(key: ApiKey, settings: { promptMode?: 'hearth' | 'client'; clientMemory?: boolean }) {
    try {
      await accountsApi.updateApiKey(key.id, settings);
      await load();
    } catch (error) {
      setListError(formErrorsOf(error, []).form);
    }
  }

  async function revoke(key: ApiKey) {
    try {
      await accountsApi.revokeApiKey(key.id);
      if (created?.id === key.id) setCreated(null);
      await load();
    } catch (error) {
      setListError(formErrorsOf(error, []).form);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="muted">
        Programs use a key as <code>Authorization: Bearer …</code> to reach the API and the OpenAI-compatible{' '}
        <code>/v1</code> endpoints as you.
      </p>
      <form onSubmit={onCreate} noValidate aria-label="Create API key" className="inline-form">
        <Field
          label="Key name"
          name="name"
          value={name}
          onValueChange={setName}
          error={errors.fields.name}
          maxLength={60}
          autoComplete="off"
        />
        <button type="submit" className="button button--primary" disabled={isBusy}>
          Create key
        </button>
      </form>
      <FormMessage error={errors.form} />
      {created && <NewKeyNotice created={created} onDismiss={() => setCreated(null)} />}
      <FormMessage error={listError} />
      {keys === null && !listError && <p className="muted">Loading keys…</p>}
      {keys?.length === 0 && <p className="muted">You have no API keys yet.</p>}
      {keys && keys.length > 0 && (
        <ul className="key-list" aria-label="Your API keys">
          {keys.map((key) => (
            <li key={key.id} className={key.revokedAt ? 'key-list__item key--revoked' : 'key-list__item'}>
              <div className="key-list__main">
                <strong>{key.name}</strong>
                <code>{key.prefix}…</code>
              </div>
              <dl className="key-list__meta">
                <div>
                  <dt>Created</dt>
                  <dd>{formatDateTime(key.createdAt)}</dd>
                </div>
                <div>
                  <dt>Last used</dt>
                  <dd>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</dd>
                </div>
              </dl>
              {!key.revokedAt && (
                <div className="key-list__settings">
                  <label>
                    /v1 prompt{' '}
                    <select
                      value={key.promptMode}
                      aria-label={`Prompt mode of key ${key.name}`}
                      onChange={(event) =>
                        void update(key, { promptMode: event.target.value as 'hearth' | 'client' })
                      }
                    >
                      <option value="hearth">Hearth builds it (persona, memory)</option>
                      <option value="client">The app's own messages (SillyTavern…)</option>
                    </select>
                  </label>
                  {key.promptMode === 'client' && (
                    <label>
                      <input
                        type="checkbox"
                        checked={key.clientMemory}
                        onChange={(event) => void update(key, { clientMemory: event.target.checked })}
                      />{' '}
                      Remember these chats
                    </label>
                  )}
                </div>
              )}
              {key.revokedAt ? (
                <span className="badge">Revoked</span>
              ) : (
                <button
                  type="button"
                  className="button button--danger-ghost button--small"
                  onClick={() => void revoke(key)}
                  aria-label={`Revoke key ${key.name}`}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewKeyNotice({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  }

  return (
    <div className="new-key" role="status" data-testid="new-api-key">
      <p className="new-key__warning">
        <strong>Copy this key now.</strong> It is shown only once — Hearth stores just a hash of it. Anyone
        with the key can act as you; keep it secret.
      </p>
      <div className="new-key__value">
        <label htmlFor={inputId} className="visually-hidden">
          New API key {created.name}
        </label>
        <input
          id={inputId}
          className="new-key__input"
          readOnly
          value={created.key}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button--small" onClick={() => void copy()}>
          <Icon name="copy" size={16} />
          {copyState === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copyState === 'failed' && (
        <p className="field__error">Copying failed — select the key and copy it by hand.</p>
      )}
      <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
        I have saved it
      </button>
    </div>
  );
}
