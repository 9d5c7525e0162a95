import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModel } from '../../src/providers/spec.js';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { FakeCharacters, FakeLanguageModel } from '../helpers/fake-chat.js';
import { lastMessage, messages, sendMessage, startChat, waitForReply } from './chat-steps.js';
import { signUpViaApi } from './steps.js';

// Issue 21 item 2: the user's message disappeared from the history when a reply failed.
describe.skipIf(skipBrowserSuites)(
  'issue 21 item 2: a failed reply in the browser',
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

    it('keeps the message marked failed across a reload, and Retry answers it once', async () => {
      const failure = Object.assign(new Error('The model server is down.'), {
        code: 'upstream_unavailable',
        retryable: true,
      });
      const broken = new FakeLanguageModel([[]], 0, failure);
      const healthy = new FakeLanguageModel([['Sorry', ' for', ' the', ' wait.']]);
      let current: LanguageModel = broken;
      const characters = new FakeCharacters();
      characters.add({ id: 'luna', name: 'Luna', greetingText: 'Hi, I am Luna.' });
      server = await startLiveServer({
        chat: {
          characters,
          models: {
            resolve: () => current,
            countTokens: () => (text: string) => Math.ceil(text.length / 4),
            promptBudget: () => 3000,
          },
        },
      });
      const { context, page } = await openPage(browser, server);
      await signUpViaApi(context, 'Robin');
      await startChat(page);

      await sendMessage(page, 'Are you there?');
      const failed = page.locator('.message-list > li.message--user[data-status="error"]');
      await failed.waitFor();
      expect(await failed.textContent()).toContain('Are you there?');
      expect(await failed.locator('.message__note').textContent()).toContain('The model server is down.');
      // No empty reply bubble is left behind.
      expect(await messages(page).count()).toBe(2);

      await page.reload();
      await failed.waitFor();
      expect(await messages(page).count()).toBe(2);
      expect(await lastMessage(page).textContent()).toContain('Are you there?');

      current = healthy;
      await failed.getByRole('button', { name: 'Retry' }).click();
      expect(await waitForReply(page)).toBe('Sorry for the wait.');
      const texts = await messages(page).allTextContents();
      expect(texts.filter((text) => text.includes('Are you there?'))).toHaveLength(1);
      expect(await page.locator('.message-list > li.message--user[data-status="error"]').count()).toBe(0);

      await page.reload();
      await page.locator('.message-list > li.message').nth(2).waitFor();
      expect(await messages(page).count()).toBe(3);
      expect(pageProblems(page)).toEqual([]);
    });
  },
);
