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
import { fieldError, logInThroughForm, PASSWORD, signUpThroughForm, uniqueEmail, yearsAgo } from './steps.js';

// Skips only on a machine without Chromium and without CI=true; in CI a missing browser fails.
describe.skipIf(skipBrowserSuites)('accounts in the browser', () => {
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

  it('signs up as an adult, is logged in, logs out and logs in again', async () => {
    const { page } = await openPage(browser, server);
    await page.goto('/');
    await expect(page.getByTestId('adult-notice').textContent()).resolves.toContain('adults (18+) only');
    await page.getByRole('link', { name: 'Create an account' }).click();

    const email = uniqueEmail('ada');
    await signUpThroughForm(page, { displayName: 'Ada Lovelace', email });
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('Ada Lovelace');
    expect(new URL(page.url()).pathname).toBe('/explore');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    const meAfterLogout = await page.evaluate(() => fetch('/api/me').then((response) => response.status));
    expect(meAfterLogout).toBe(401);

    await logInThroughForm(page, email);
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe('Ada Lovelace');
    expect(pageProblems(page)).toEqual([]);
  });

  it('refuses a birth date under 18 next to the birth date field and stores nothing', async () => {
    const { page } = await openPage(browser, server);
    const email = uniqueEmail('teen');
    await signUpThroughForm(page, { displayName: 'Teen', email, birthDate: yearsAgo(17) });

    const error = fieldError(page, 'birthDate');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/18 or older/);
    await expect(page.getByLabel('Birth date').getAttribute('aria-invalid')).resolves.toBe('true');
    // The message is tied to the input for screen readers, not only placed near it.
    const describedBy = await page.getByLabel('Birth date').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(await error.textContent());
    expect(await page.getByTestId('current-user').count()).toBe(0);

    const login = await server.testApp.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
    expect(pageProblems(page)).toEqual([]);
  });

  it('puts server errors next to the field they concern', async () => {
    const { page } = await openPage(browser, server);
    const email = uniqueEmail('twice');
    await signUpThroughForm(page, { displayName: 'First', email });
    await page.getByTestId('current-user').waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();

    await signUpThroughForm(page, { displayName: 'Second', email });
    await fieldError(page, 'email').waitFor();
    expect(await fieldError(page, 'email').textContent()).toMatch(/email/i);

    // Server-side validation details land on their field too (the browser's own checks are off).
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Must be a valid email address.').waitFor();
    expect(await fieldError(page, 'email').textContent()).toContain('valid email');

    await logInThroughForm(page, email, 'wrong password 123');
    await fieldError(page, 'password').waitFor();
    expect(await fieldError(page, 'password').textContent()).toMatch(/wrong/);
    expect(await fieldError(page, 'email').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
  });

  it('sends a visitor to log in and back to the page they asked for', async () => {
    const { page } = await openPage(browser, server);
    const email = uniqueEmail('return');
    await signUpThroughForm(page, { displayName: 'Returning', email });
    await page.getByTestId('current-user').waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();

    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
  });

  it('labels every input on the public and settings pages', async () => {
    const { page } = await openPage(browser, server);
    const unlabelled = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('input, textarea, select')]
          .filter((input) => (input as HTMLInputElement).labels?.length === 0)
          .map((input) => input.outerHTML),
      );
    await page.goto('/signup');
    await page.getByLabel('Email').waitFor();
    expect(await unlabelled()).toEqual([]);
    await page.goto('/login');
    await page.getByLabel('Email').waitFor();
    expect(await unlabelled()).toEqual([]);
    await signUpThroughForm(page, { displayName: 'Labels', email: uniqueEmail('labels') });
    await page.getByTestId('current-user').waitFor();
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByLabel('Your password').waitFor();
    expect(await unlabelled()).toEqual([]);
  });
});
