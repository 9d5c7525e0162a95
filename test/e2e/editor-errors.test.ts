import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { fieldError, signUpViaApi } from './steps.js';

// Issue 21 item 5: Age 16 showed "Invalid design doc: age Too small: expected number to be >=18" at the
// bottom of a long form.
describe.skipIf(skipBrowserSuites)(
  'issue 21 item 5: editor errors beside their field',
  { timeout: 120_000 },
  () => {
    let browser: Browser;
    let server: LiveServer;

    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });
    afterEach(async () => {
      await server?.close();
    });

    it('shows an under-18 age in plain words beside the Age field and brings it into view', async () => {
      server = await startLiveServer();
      const { context, page } = await openPage(browser, server);
      await signUpViaApi(context, 'Maker');
      await page.goto('/characters/new');
      await page.getByLabel('Name', { exact: true }).fill('Mira');
      await page.getByLabel('First greeting').fill('Hello there.');
      await page.getByLabel('Age', { exact: true }).fill('16');
      await page.getByRole('button', { name: 'Save draft' }).click();

      const ageError = fieldError(page, 'age');
      await ageError.waitFor();
      expect(await ageError.textContent()).toBe('Characters must be adults (18 or older).');
      const age = page.getByLabel('Age', { exact: true });
      expect(await age.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => age.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await age.isVisible()).toBe(true);
      const formMessage = page.locator('.editor__form > .form-message--error');
      expect(await formMessage.textContent()).toBe('Please fix the marked field.');
      expect(await page.content()).not.toContain('Too small');
      expect(await page.content()).not.toContain('Invalid design doc');

      // Fixed, it saves.
      await age.fill('26');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Draft saved.').waitFor();
      expect(await ageError.count()).toBe(0);
      expect(pageProblems(page)).toEqual([]);
    });
  },
);
