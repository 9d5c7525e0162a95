import { useState } from 'react';
import { accountsApi } from '../../api/client.js';
import { CheckboxField } from '../../components/checkbox-field.js';
import { Field, FormMessage } from '../../components/field.js';
import type { FormErrors } from '../../forms/form-errors.js';
import { useFormAction } from '../../forms/use-form-action.js';
import { useCurrentUser, useSession } from '../../session/session.js';

const fields = ['displayName', 'nsfwOptIn'] as const;

export function ProfileSection() {
  const user = useCurrentUser();
  const { updateUser } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [nsfwOptIn, setNsfwOptIn] = useState(user.nsfwOptIn);
  const [saved, setSaved] = useState(false);
  const { errors, isBusy, submit } = useFormAction({
    fields,
    validate: () => {
      const result: FormErrors = { fields: {} };
      if (!displayName.trim()) result.fields.displayName = 'Choose a display name.';
      return result;
    },
  });

  const onSubmit = submit(async () => {
    setSaved(false);
    const { user: updated } = await accountsApi.updateMe({ displayName, nsfwOptIn });
    updateUser(updated);
    setSaved(true);
  });

  return (
    <section className="card settings-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <p className="muted">
        Signed in as <strong>{user.email}</strong>
        {user.role !== 'user' && <span className="badge">{user.role}</span>}
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Profile">
        <Field
          label="Display name"
          name="displayName"
          value={displayName}
          onValueChange={(value) => {
            setDisplayName(value);
            setSaved(false);
          }}
          error={errors.fields.displayName}
          maxLength={60}
          autoComplete="nickname"
        />
        <CheckboxField
          name="nsfwOptIn"
          checked={nsfwOptIn}
          onCheckedChange={(checked) => {
            setNsfwOptIn(checked);
            setSaved(false);
          }}
          error={errors.fields.nsfwOptIn}
        >
          Show characters and conversations rated for mature audiences
        </CheckboxField>
        <FormMessage error={errors.form} success={saved ? 'Profile saved.' : undefined} />
        <button type="submit" className="button button--primary" disabled={isBusy}>
          Save profile
        </button>
      </form>
    </section>
  );
}
