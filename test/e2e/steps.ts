import type { BrowserContext, Page } from 'playwright-core';

/** Shared steps for the browser suites (not a test file: vitest only runs *.test.ts). */

export const PASSWORD = 'correct horse battery staple';

let counter = 0;
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Date.now()}@example.com`;
}

/** YYYY-MM-DD for the day `years` years before today (local server and browser share the clock). */
export function yearsAgo(years: number): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() - years);
  return date.toISOString().slice(0, 10);
}

export interface SignupFields {
  displayName: string;
  email: string;
  password?: string;
  birthDate?: string;
}

/** Fills and submits the sign-up form the way a person would. */
export async function signUpThroughForm(page: Page, fields: SignupFields): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Display name').fill(fields.displayName);
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel('Password', { exact: true }).fill(fields.password ?? PASSWORD);
  await page.getByLabel('Birth date').fill(fields.birthDate ?? '1990-04-01');
  await page.getByLabel(/I am 18 or older/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function logInThroughForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A quick signup through the API that leaves the session cookie in the browser context. */
export async function signUpViaApi(
  context: BrowserContext,
  displayName: string,
): Promise<{ email: string; password: string }> {
  const email = uniqueEmail(displayName.toLowerCase().replace(/\W+/g, '-'));
  const response = await context.request.post('/api/auth/signup', {
    data: { email, password: PASSWORD, displayName, birthDate: '1988-02-29' },
  });
  if (response.status() !== 201)
    throw new Error(`signup failed: ${response.status()} ${await response.text()}`);
  return { email, password: PASSWORD };
}

/** The error shown right under the input named `name` (the Field component's own slot). */
export function fieldError(page: Page, name: string) {
  return page.locator(`[data-field="${name}"] .field__error`);
}
