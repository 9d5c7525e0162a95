import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { fieldError, signUpThroughForm, uniqueEmail, yearsAgo } from './steps.js';

const PHONE = { width: 375, height: 740 };

/** Elements wider than the viewport, which would make the page scroll sideways. */
function overflowing(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 1 || box.left < -1);
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, offenders };
  });
}

// Skips only on a machine without Chromium and without CI=true; in CI a missing browser fails.
describe.skipIf(skipBrowserSuites)('Hearth at phone width (375px)', () => {
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

  it('fits the sign-up form on screen and still shows errors next to their fields', async () => {
    const { page } = await openPage(browser, server, PHONE);
    await page.goto('/');
    expect((await overflowing(page)).offenders).toEqual([]);
    await signUpThroughForm(page, {
      displayName: 'Young',
      email: uniqueEmail('young'),
      birthDate: yearsAgo(16),
    });
    await fieldError(page, 'birthDate').waitFor();
    expect(await fieldError(page, 'birthDate').isVisible()).toBe(true);
    const layout = await overflowing(page);
    expect(layout.offenders).toEqual([]);
    expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  it('collapses the nav behind a menu button that opens it and closes after a pick', async () => {
    const { page } = await openPage(browser, server, PHONE);
    await signUpThroughForm(page, { displayName: 'Pocket', email: uniqueEmail('pocket') });
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await nav.isVisible()).toBe(false);

    // The settings forms are usable at this width: type into one and submit it.
    await page.getByLabel('Key name').fill('Phone key');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-api-key').waitFor();
    const layout = await overflowing(page);
    expect(layout.offenders).toEqual([]);

    await menu.click();
    expect(await page.getByTestId('current-user').textContent()).toBe('Pocket');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });

  it('does not show the menu button on a desktop-width screen', async () => {
    const { page } = await openPage(browser, server, { width: 1280, height: 800 });
    await signUpThroughForm(page, { displayName: 'Wide', email: uniqueEmail('wide') });
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
  });
});
