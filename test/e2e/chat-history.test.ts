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
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';
import { createChatViaApi, messages, seedMessages } from './chat-steps.js';
import { signUpViaApi } from './steps.js';

const HISTORY = 5_000;

// Skips only on a machine without Chromium and without CI=true; in CI a missing browser fails.
describe.skipIf(skipBrowserSuites)('a long chat history in the browser', () => {
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

  it('opens a 5,000-message chat with only the newest page and scrolls back a page at a time', async () => {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    server = await startLiveServer({
      chat: { characters, models: fakeModels(new FakeLanguageModel()) },
    });
    const { context, page } = await openPage(browser, server, { width: 1000, height: 800 });
    await signUpViaApi(context, 'Reader');
    const chatId = await createChatViaApi(context, server);
    await seedMessages(server, chatId, HISTORY);
    await page.goto('/chats');
    await page.getByRole('list', { name: 'Your chats' }).waitFor();

    const started = Date.now();
    await page.getByRole('list', { name: 'Your chats' }).getByRole('link').click();
    const newest = page.locator('.message-list > li.message', { hasText: `Message number ${HISTORY}` });
    await newest.waitFor();
    const openMs = Date.now() - started;
    console.info(`5,000-message chat: newest message visible ${openMs} ms after the click`);
    // Generous for a shared 2-core CI box; the point is "one page, not 5,000 rows".
    expect(openMs).toBeLessThan(3_000);
    const rendered = await messages(page).count();
    expect(rendered).toBeGreaterThanOrEqual(50);
    expect(rendered).toBeLessThanOrEqual(100);
    // The view starts at the bottom, on the newest message.
    expect(await newest.isVisible()).toBe(true);
    await expect
      .poll(() => newest.evaluate((element) => element.getBoundingClientRect().bottom <= 800))
      .toBe(true);

    // Scrolling to the top loads the previous page and keeps the reader where they were.
    const scroller = page.locator('.chat__scroll');
    const oldestBefore = await messages(page).first().getAttribute('data-message-id');
    const anchor = page.locator(`[data-message-id="${oldestBefore}"]`);
    // Measured in the same task as the scroll, so before the next page can possibly arrive.
    const topBefore = await scroller.evaluate((element, id) => {
      element.scrollTop = 0;
      return document.querySelector(`[data-message-id="${id}"]`)!.getBoundingClientRect().top;
    }, oldestBefore);
    await expect.poll(() => messages(page).count()).toBeGreaterThanOrEqual(rendered + 50);
    const topAfter = await anchor.evaluate((element) => element.getBoundingClientRect().top);
    console.info(`scroll-back anchor moved ${Math.round(topAfter - topBefore)} px`);
    expect(Math.abs(topAfter - topBefore)).toBeLessThan(120);
    const firstText = await messages(page).first().textContent();
    const firstNumber = Number(/Message number (\d+)/.exec(firstText ?? '')?.[1]);
    expect(firstNumber).toBeLessThanOrEqual(HISTORY - rendered - 49);
    expect(firstNumber).toBeGreaterThan(1);
    expect(pageProblems(page)).toEqual([]);
  });
});
