import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { accountsApi } from '../api/client.js';
import { Field, FormMessage } from '../components/field.js';
import { PublicLayout } from '../components/public-layout.js';
import type { FormErrors } from '../forms/form-errors.js';
import { useFormAction } from '../forms/use-form-action.js';
import { useSession } from '../session/session.js';

const fields = ['email', 'password'] as const;
const codeFields = { invalid_credentials: 'password' };

export function LoginPage() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const notice = searchParams.get('notice');

  const { errors, isBusy, submit } = useFormAction({
    fields,
    codeFields,
    validate: () => {
      const result: FormErrors = { fields: {} };
      if (!email.trim()) result.fields.email = 'Enter your email address.';
      if (!password) result.fields.password = 'Enter your password.';
      return result;
    },
  });

  const onSubmit = submit(async () => {
    const { user } = await accountsApi.login(email.trim(), password);
    // <VisitorsOnly> then sends the user on to `?next=` or home.
    session.signedIn(user);
  });

  return (
    <PublicLayout>
      <div className="auth-card card">
        <h1>Welcome back</h1>
        {notice === 'deleted' && (
          <p className="form-message form-message--success" role="status">
            Your account has been deleted.
          </p>
        )}
        {notice === 'expired' && (
          <p className="form-message form-message--error" role="status">
            Your session ended. Please log in again.
          </p>
        )}
        <form onSubmit={onSubmit} noValidate aria-label="Log in">
          <Field
            label="Email"
            name="email"
            type="email"
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
            autoComplete="username"
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
            autoComplete="current-password"
            required
          />
          <FormMessage error={errors.form} />
          <button type="submit" className="button button--primary button--block" disabled={isBusy}>
            {isBusy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p className="auth-card__switch">
          New here? <Link to="/signup">Create an account</Link> (18+ only)
        </p>
      </div>
    </PublicLayout>
  );
}
