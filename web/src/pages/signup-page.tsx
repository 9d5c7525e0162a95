import { useState } from 'react';
import { Link } from 'react-router';
import { accountsApi } from '../api/client.js';
import { CheckboxField } from '../components/checkbox-field.js';
import { Field, FormMessage } from '../components/field.js';
import { PublicLayout } from '../components/public-layout.js';
import type { FormErrors } from '../forms/form-errors.js';
import { useFormAction } from '../forms/use-form-action.js';
import { useSession } from '../session/session.js';

import { MIN_PASSWORD_LENGTH } from '../forms/password-rules.js';
const fields = ['displayName', 'email', 'password', 'birthDate', 'isAdult'] as const;
const codeFields = { underage: 'birthDate', email_taken: 'email' };

export function SignupPage() {
  const session = useSession();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [isAdult, setAdult] = useState(false);

  const { errors, isBusy, submit } = useFormAction({
    fields,
    codeFields,
    validate: () => {
      const result: FormErrors = { fields: {} };
      if (!displayName.trim()) result.fields.displayName = 'Choose a display name.';
      if (!email.trim()) result.fields.email = 'Enter your email address.';
      if (password.length < MIN_PASSWORD_LENGTH) {
        result.fields.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
      }
      if (!birthDate) result.fields.birthDate = 'Enter your birth date.';
      if (!isAdult) result.fields.isAdult = 'You must confirm that you are 18 or older.';
      return result;
    },
  });

  const onSubmit = submit(async () => {
    const { user } = await accountsApi.signup({ email: email.trim(), password, displayName, birthDate });
    session.signedIn(user);
  });

  return (
    <PublicLayout>
      <div className="auth-card card">
        <h1>Create your account</h1>
        <p className="muted">
          Hearth is for adults (18+) only. We ask for your birth date to check that you are at least 18.
        </p>
        <form onSubmit={onSubmit} noValidate aria-label="Sign up">
          <Field
            label="Display name"
            name="displayName"
            value={displayName}
            onValueChange={setDisplayName}
            error={errors.fields.displayName}
            autoComplete="nickname"
            maxLength={60}
            required
          />
          <Field
            label="Email"
            name="email"
            type="email"
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
            autoComplete="email"
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few random words work well.`}
            autoComplete="new-password"
            required
          />
          <Field
            label="Birth date"
            name="birthDate"
            type="date"
            value={birthDate}
            onValueChange={setBirthDate}
            error={errors.fields.birthDate}
            hint="You must be 18 or older."
            autoComplete="bday"
            required
          />
          <CheckboxField
            name="isAdult"
            checked={isAdult}
            onCheckedChange={setAdult}
            error={errors.fields.isAdult}
          >
            I am 18 or older and understand Hearth contains conversations meant for adults.
          </CheckboxField>
          <FormMessage error={errors.form} />
          <button type="submit" className="button button--primary button--block" disabled={isBusy}>
            {isBusy ? 'Creating account…' : 'Create account'}
          </button>
        </form>
        <p className="auth-card__switch">
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      </div>
    </PublicLayout>
  );
}
