import { useState } from 'react';
import { accountsApi } from '../../api/client.js';
import { Field, FormMessage } from '../../components/field.js';
import type { FormErrors } from '../../forms/form-errors.js';
import { useFormAction } from '../../forms/use-form-action.js';
import { useSession } from '../../session/session.js';

const fields = ['password'] as const;
const codeFields = { invalid_credentials: 'password' };

export function DeleteAccountSection() {
  const { forget } = useSession();
  const [isConfirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const { errors, setErrors, isBusy, submit } = useFormAction({
    fields,
    codeFields,
    validate: () => {
      const result: FormErrors = { fields: {} };
      if (!password) result.fields.password = 'Enter your password to confirm.';
      return result;
    },
  });

  const onSubmit = submit(async () => {
    await accountsApi.deleteAccount(password);
    // The shell then leaves for the login page with a "deleted" notice.
    forget('deleted');
  });

  return (
    <section className="card settings-section settings-section--danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p className="muted">
        This permanently erases your account, chats, characters and memories. It cannot be undone — export
        your data first if you want a copy.
      </p>
      {!isConfirming ? (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Delete account">
          <Field
            label="Your password"
            name="password"
            type="password"
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
            autoComplete="current-password"
          />
          <FormMessage error={errors.form} />
          <div className="button-row">
            <button type="submit" className="button button--danger" disabled={isBusy}>
              Permanently delete my account
            </button>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => {
                setConfirming(false);
                setPassword('');
                setErrors({ fields: {} });
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
