import { useState } from 'react';
import { accountsApi } from '../../api/client.js';
import { FormMessage } from '../../components/field.js';
import { useFormAction } from '../../forms/use-form-action.js';
import { useSession } from '../../session/session.js';

const noFields: readonly string[] = [];

/** "Sign out everywhere" (issue 13 item 8): ends every session, this one included, and every API key. */
export function SignOutEverywhereSection() {
  const { forget } = useSession();
  const [isConfirming, setConfirming] = useState(false);
  const { errors, isBusy, submit } = useFormAction({ fields: noFields });

  const onSubmit = submit(async () => {
    await accountsApi.signOutEverywhere();
    forget('logged-out');
  });

  return (
    <section className="card settings-section" aria-labelledby="sign-out-everywhere-heading">
      <h2 id="sign-out-everywhere-heading">Sign out everywhere</h2>
      <p className="muted">
        Ends every session on every device, this one included, and revokes all your API keys. Use it if you
        think someone else has access to your account.
      </p>
      {!isConfirming ? (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Sign out everywhere…
        </button>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Sign out everywhere">
          <FormMessage error={errors.form} />
          <div className="button-row">
            <button type="submit" className="button button--danger" disabled={isBusy}>
              Sign out of all devices and revoke keys
            </button>
            <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
