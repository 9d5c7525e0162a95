import { moderationOff } from '../../src/chat/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStarterCharacters } from '../../src/characters/index.js';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { TINY_MODEL } from '../providers/tiny-model.js';
import { lastMessage, messages, sendMessage, waitForReply } from './chat-steps.js';
import { signUpThroughForm, uniqueEmail } from './steps.js';

/**
 * The Chat issue's acceptance test on the real stack: starter characters from the database, the
 * embedded node-llama-cpp model (the 1.7 MB random-weights GGUF, so replies are nonsense), the real
 * credits, moderation and memory stages. Nothing here is faked.
 */

// Long replies keep the tiny model streaming long enough to watch the text grow and to stop it.
const MAX_REPLY_TOKENS = 1500;
const STEP_TIMEOUT_MS = 180_000;

interface StreamTrace {
  lengths: number[];
  sawTyping: boolean;
}

/** Records, in the page, every length the newest reply's text has while it streams. */
async function traceNewestReply(page: Page): Promise<void> {
  await page.evaluate(() => {
    const trace: StreamTrace = { lengths: [], sawTyping: false };
    (window as unknown as { __trace: StreamTrace }).__trace = trace;
    const list = document.querySelector('.message-list');
    if (!list) throw new Error('no message list');
    new MutationObserver(() => {
      const last = list.querySelector(':scope > li.message--assistant:last-child[data-status="streaming"]');
      if (!last) return;
      if (last.querySelector('.typing[role="status"]')) trace.sawTyping = true;
      const length = (last.querySelector('.markdown')?.textContent ?? '').length;
      if (length > 0 && length !== trace.lengths.at(-1)) trace.lengths.push(length);
    }).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

function readTrace(page: Page): Promise<StreamTrace> {
  return page.evaluate(() => (window as unknown as { __trace: StreamTrace }).__trace);
}

/** The newest stored message of `chatId`, as the API returns it. */
function newestStored(page: Page, chatId: string) {
  return page.evaluate(async (id) => {
    const response = await fetch(`/api/chats/${id}/messages?limit=1`);
    const { messages: newest } = await response.json();
    return newest[0] as { role: string; status: string; content: string };
  }, chatId);
}

function replyText(page: Page): Promise<string> {
  return lastMessage(page)
    .locator('.markdown')
    .textContent()
    .then((text) => (text ?? '').trim());
}

/**
 * Letters and digits only: a prefix of nonsense Markdown may render differently from the whole (an
 * unclosed `*` becomes emphasis once closed), but the words it shows stay in order.
 */
function lettersOf(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}

describe.skipIf(skipBrowserSuites)('chat on the embedded model in the browser', () => {
  let browser: Browser;
  let server: LiveServer;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startLiveServer({
      env: { HEARTH_MODEL: TINY_MODEL, HEARTH_MAX_REPLY_TOKENS: String(MAX_REPLY_TOKENS) },
      // Random weights emit random vocabulary; over 1,500 tokens a lexicon word turns up now and then
      // and the (real) output guard rightly replaces the reply. Moderation has its own browser test.
      chat: { stages: { moderation: moderationOff } },
    });
    const { db, clock } = server.testApp.services;
    // `serve` seeds the starters at startup; this test builds the app without `serve`.
    expect(await ensureStarterCharacters(db.kysely, clock)).toBeGreaterThan(0);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    // Closes the app, whose close() also unloads the embedded model.
    await server?.close();
    await browser?.close();
  });

  /** Signs up through the form, opens a starter from Explore and starts a chat; returns its id. */
  async function startChatFromExplore(page: Page, displayName: string): Promise<string> {
    await signUpThroughForm(page, { displayName, email: uniqueEmail(displayName.toLowerCase()) });
    await page.getByTestId('current-user').waitFor();
    await page.goto('/explore');
    const card = page.getByRole('heading', { level: 2, name: 'Juniper Hale' });
    await card.click();
    await page.getByRole('heading', { level: 1, name: 'Juniper Hale' }).waitFor();
    expect(await page.getByText('Official Hearth character').count()).toBe(1);
    await page.getByRole('link', { name: 'Start chat' }).click();
    await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
    await page.getByRole('textbox', { name: /^Message / }).waitFor();
    return new URL(page.url()).pathname.split('/').at(-1)!;
  }

  it(
    'greets, streams a reply from the embedded model, keeps history, regenerates and swipes',
    async () => {
      const { context, page } = await openPage(browser, server);
      // A full 1500-token reply on two shared cores can take longer than the helper's 10 s step limit.
      context.setDefaultTimeout(90_000);
      const chatId = await startChatFromExplore(page, 'Mara');

      // The greeting is one of Juniper's, with {{user}} filled in.
      await messages(page).first().waitFor();
      expect(await messages(page).count()).toBe(1);
      const greeting = (await messages(page).first().textContent()) ?? '';
      expect(greeting).toMatch(/Kettle’s on|Mind the third step/);
      expect(greeting).not.toContain('{{user}}');
      expect((await newestStored(page, chatId)).role).toBe('assistant');

      await traceNewestReply(page);
      await sendMessage(page, 'Hello Juniper, how is the lighthouse tonight?');
      const first = await waitForReply(page);
      const trace = await readTrace(page);
      expect(first.length).toBeGreaterThan(0);
      // Tokens arrived over time: the reply was seen at several increasing lengths before it finished.
      expect(trace.lengths.length).toBeGreaterThan(1);
      expect(trace.lengths).toEqual([...trace.lengths].sort((a, b) => a - b));
      expect(trace.sawTyping).toBe(true);
      expect(await messages(page).count()).toBe(3);
      const stored = await newestStored(page, chatId);
      expect(stored).toMatchObject({ role: 'assistant', status: 'complete' });

      await page.reload();
      await messages(page).nth(2).waitFor();
      expect(await messages(page).count()).toBe(3);
      expect(await messages(page).first().textContent()).toBe(greeting);
      expect(await messages(page).nth(1).textContent()).toContain('how is the lighthouse tonight?');
      expect(await replyText(page)).toBe(first);

      await page.getByRole('button', { name: 'Regenerate reply' }).click();
      // The swipe counter shows only once the new reply has finished streaming.
      await lastMessage(page).locator('.swipes__count', { hasText: '2/2' }).waitFor();
      const second = await waitForReply(page);
      expect(second.length).toBeGreaterThan(0);
      expect(await messages(page).count()).toBe(3);

      await lastMessage(page).getByRole('button', { name: 'Previous reply' }).click();
      await expect.poll(() => lastMessage(page).locator('.swipes__count').textContent()).toContain('1/2');
      expect(await replyText(page)).toBe(first);
      expect(await lastMessage(page).getByRole('button', { name: 'Previous reply' }).isDisabled()).toBe(true);
      await lastMessage(page).getByRole('button', { name: 'Next reply' }).click();
      await expect.poll(() => lastMessage(page).locator('.swipes__count').textContent()).toContain('2/2');
      expect(await replyText(page)).toBe(second);

      // The chosen swipe is stored: after a reload the second reply is still the one shown.
      await page.reload();
      await messages(page).nth(2).waitFor();
      expect(await lastMessage(page).locator('.swipes__count').textContent()).toContain('2/2');
      expect(await replyText(page)).toBe(second);
      expect(pageProblems(page)).toEqual([]);
    },
    STEP_TIMEOUT_MS * 2,
  );

  it(
    'stops a reply mid-stream and keeps the partial text, marked stopped, across a reload',
    async () => {
      const { context, page } = await openPage(browser, server);
      // A full 1500-token reply on two shared cores can take longer than the helper's 10 s step limit.
      context.setDefaultTimeout(90_000);
      const chatId = await startChatFromExplore(page, 'Noor');
      await messages(page).first().waitFor();

      await sendMessage(page, 'Tell me a long story about the ships you have logged.');
      const streaming = page.locator(
        '.message-list > li.message--assistant:last-child[data-status="streaming"]',
      );
      await streaming.locator('.markdown').waitFor();
      await page.getByRole('button', { name: 'Stop' }).click();

      await page.locator('.message-list > li.message--assistant:last-child[data-status="stopped"]').waitFor();
      await page.getByRole('button', { name: 'Send' }).waitFor();
      expect(await lastMessage(page).textContent()).toContain('Stopped');
      const partial = await replyText(page);
      expect(partial.length).toBeGreaterThan(0);

      // The server stores the part it generated as stopped once the model call has wound down.
      await expect
        .poll(async () => (await newestStored(page, chatId)).status, { timeout: 10_000 })
        .toBe('stopped');
      const stored = await newestStored(page, chatId);
      expect(stored.role).toBe('assistant');
      const { models } = server.testApp.services;
      const storedTokens = models.countTokens(models.resolve())(stored.content);
      expect(storedTokens).toBeGreaterThan(0);
      expect(storedTokens).toBeLessThan(MAX_REPLY_TOKENS);

      await page.reload();
      await page.locator('.message-list > li.message--assistant:last-child[data-status="stopped"]').waitFor();
      expect(await lastMessage(page).textContent()).toContain('Stopped');
      // The server may have generated a few tokens more before it saw the stop, never fewer.
      const kept = await replyText(page);
      expect(lettersOf(kept).startsWith(lettersOf(partial))).toBe(true);
      expect(pageProblems(page)).toEqual([]);
    },
    STEP_TIMEOUT_MS * 2,
  );
});
