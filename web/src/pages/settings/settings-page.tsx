import { AccountDataSection } from './account-data-section.js';
import { ApiKeysSection } from './api-keys-section.js';
import { DeleteAccountSection } from './delete-account-section.js';
import { PasswordSection } from './password-section.js';
import { ProfileSection } from './profile-section.js';
import { SignOutEverywhereSection } from './sign-out-everywhere-section.js';

export function SettingsPage() {
  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>Settings</h1>
      </header>
      <ProfileSection />
      <PasswordSection />
      <ApiKeysSection />
      <SignOutEverywhereSection />
      <AccountDataSection />
      <DeleteAccountSection />
    </section>
  );
}
