import { useState } from 'react';
import { accountsApi } from '../../api/client.js';
import { Field, FormMessage } from '../../components/field.js';
import type { FormErrors } from '../../forms/form-errors.js';
import { useFormAction } from '../../forms/use-form-action.js';
import { MIN_PASSWORD_LENGTH } from '../../forms/password-rules.js';

const fields = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
const codeFields = { invalid_credentials: 'currentPassword' };

export function PasswordSection() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [isChanged, setChanged] = useState(false);
  const { errors, isBusy, submit } = useFormAction({
    fields,
    codeFields,
    validate: () => {
      const result: FormErrors = { fields: {} };
      if (!currentPassword) result.fields.currentPassword = 'Enter your current password.';
      if (newPassword.length < MIN_PASSWORD_LENGTH) {
        result.fields.newPassword = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
      } else if (newPassword !== confirmPassword) {
        result.fields.confirmPassword = 'The two new passwords do not match.';
      }
      return result;
    },
  });

  const onSubmit = submit(async () => {
    setChanged(false);
    await accountsApi.changePassword(currentPassword, newPassword);
    setCurrentPassword('');
    setNewPassword('');
    setConfirmPassword('');
    setChanged(true);
  });

  return (
    <section className="card settings-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p className="muted">Changing it signs you out everywhere else and revokes all your API keys.</p>
      <form onSubmit={onSubmit} noValidate aria-label="Change password">
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          value={currentPassword}
          onValueChange={setCurrentPassword}
          error={errors.fields.currentPassword}
          autoComplete="current-password"
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          value={newPassword}
          onValueChange={setNewPassword}
          error={errors.fields.newPassword}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          autoComplete="new-password"
        />
        <Field
          label="Repeat new password"
          name="confirmPassword"
          type="password"
          value={confirmPassword}
          onValueChange={setConfirmPassword}
          error={errors.fields.confirmPassword}
          autoComplete="new-password"
        />
        <FormMessage
          error={errors.form}
          success={
            isChanged
              ? 'Password changed. Your other sessions were signed out and your API keys were revoked: create new keys for your programs.'
              : undefined
          }
        />
        <button type="submit" className="button button--primary" disabled={isBusy}>
          Change password
        </button>
      </form>
    </section>
  );
}
