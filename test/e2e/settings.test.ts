import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { fieldError, logInThroughForm, PASSWORD, signUpViaApi } from './steps.js';

// Skips only on a machine without Chromium and without CI=true; in CI a missing browser fails.
describe.skipIf(skipBrowserSuites)('account settings in the browser', () => {
  let browser: Browser;
  let server: LiveServer;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    server = await startLiveServer();
  });
  afterEach(async () => {
    await server?.close();
  });

  async function settingsPage(displayName: string) {
    const { context, page } = await openPage(browser, server);
    const account = await signUpViaApi(context, displayName);
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    return { page, ...account };
  }

  async function statusWithKey(key: string): Promise<number> {
    const response = await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${key}` } });
    return response.status;
  }

  it('creates an API key shown once, lists it, and revokes it', async () => {
    const { page } = await settingsPage('Keymaker');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await fieldError(page, 'name').textContent()).toMatch(/name/);

    await page.getByLabel('Key name').fill('My script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const notice = page.getByTestId('new-api-key');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('shown only once');
    const key = await page.getByLabel('New API key My script').inputValue();
    expect(await statusWithKey(key)).toBe(200);

    const list = page.getByRole('list', { name: 'Your API keys' });
    const item = list.getByRole('listitem').filter({ hasText: 'My script' });
    expect(await item.textContent()).toContain(key.slice(0, 8));
    expect(await item.textContent()).toContain('Never');
    // The list shows a prefix only; the whole secret is only in the one-time notice.
    expect(await list.textContent()).not.toContain(key);

    await page.getByRole('button', { name: 'I have saved it' }).click();
    expect(await notice.count()).toBe(0);
    await page.reload();
    expect(await page.locator('body').textContent()).not.toContain(key);

    await page.getByRole('button', { name: 'Revoke key My script' }).click();
    await item.getByText('Revoked').waitFor();
    expect(await statusWithKey(key)).toBe(401);
    expect(pageProblems(page)).toEqual([]);
  });

  it('changes the password, flagging a wrong current password next to its field', async () => {
    const { page, email } = await settingsPage('Changer');
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password', { exact: true }).fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await form.getByLabel('Repeat new password').fill('a brand new passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await fieldError(page, 'currentPassword').waitFor();
    expect(await fieldError(page, 'currentPassword').textContent()).toMatch(/wrong/);

    await form.getByLabel('Current password', { exact: true }).fill(PASSWORD);
    await form.getByLabel('Repeat new password').fill('a different passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldError(page, 'confirmPassword').textContent()).toMatch(/do not match/);

    await form.getByLabel('Repeat new password').fill('a brand new passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText(/Password changed\. .*API keys were revoked/).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await logInThroughForm(page, email, 'a brand new passphrase');
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('Changer');
  });

  it('issue 13 item 8: signs out everywhere, ending this session and revoking API keys', async () => {
    const { page } = await settingsPage('Everywhere');
    await page.getByLabel('Key name').fill('Laptop script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByLabel('New API key Laptop script').inputValue();
    expect(await statusWithKey(key)).toBe(200);
    await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
    await page.getByRole('button', { name: 'Sign out of all devices and revoke keys' }).click();
    await page.waitForURL(/\/login$/);
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await page.reload();
    await page.waitForURL(/\/login$/);
    expect(await statusWithKey(key)).toBe(401);
    expect(pageProblems(page)).toEqual([]);
  });

  it('saves the display name and shows it in the shell', async () => {
    const { page } = await settingsPage('Before');
    const form = page.getByRole('form', { name: 'Profile' });
    await form.getByLabel('Display name').fill('After');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText('Profile saved.').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('After');
  });

  it('exports my data as a JSON download', async () => {
    const { page, email } = await settingsPage('Exporter');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export my data' }).click(),
    ]);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(exported.format).toBe('hearth-user-export');
    expect(exported.account.email).toBe(email);
  });

  it('deletes the account only with the right password', async () => {
    const { page, email } = await settingsPage('Leaver');
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const form = page.getByRole('form', { name: 'Delete account' });
    await form.getByLabel('Your password').fill('not my password');
    await form.getByRole('button', { name: 'Permanently delete my account' }).click();
    await fieldError(page, 'password').waitFor();
    expect(await fieldError(page, 'password').textContent()).toMatch(/wrong/);

    await form.getByLabel('Your password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Permanently delete my account' }).click();
    await page.getByText('Your account has been deleted.').waitFor();

    await logInThroughForm(page, email);
    await fieldError(page, 'password').waitFor();
    expect(await page.getByTestId('current-user').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
  });

  it('shows Moderation only to moderators and refuses the page to others', async () => {
    const { page, email } = await settingsPage('Plain');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = await nav.getByRole('link').allTextContents();
    // Other pages may join the nav; these five come in this order and Moderation is not among them.
    expect(
      labels.filter((label) => ['Explore', 'Chats', 'Create', 'Wallet', 'Settings'].includes(label)),
    ).toEqual(['Explore', 'Chats', 'Create', 'Wallet', 'Settings']);
    expect(labels).not.toContain('Moderation');
    await page.goto('/moderation');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();

    await server.testApp.services.db.kysely
      .updateTable('users')
      .set({ role: 'moderator' })
      .where('email', '=', email)
      .execute();
    await page.reload();
    await nav.getByRole('link', { name: 'Moderation' }).click();
    await page.waitForURL(/\/moderation$/);
    await page
      .getByRole('heading', { name: /Moderation/ })
      .first()
      .waitFor();
    expect(await page.getByRole('heading', { name: 'Not allowed' }).count()).toBe(0);
  });
});
