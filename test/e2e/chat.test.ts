import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationStage } from '../../src/chat/index.js';
import type { ChatOverrides } from '../../src/create-services.js';
import { PaymentRequired } from '../../src/errors.js';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';
import { composer, lastMessage, messages, sendMessage, startChat, waitForReply } from './chat-steps.js';
import { signUpViaApi } from './steps.js';

// Skips only on a machine without Chromium and without CI=true; in CI a missing browser fails.
describe.skipIf(skipBrowserSuites)('chat in the browser', () => {
  let browser: Browser;
  let server: LiveServer;
  let model: FakeLanguageModel;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await server?.close();
  });

  /** A live server whose only character is Luna, answering with the scripted `replies`. */
  async function setup(replies: string[][], options: { delayMs?: number; chat?: ChatOverrides } = {}) {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna', greetingText: 'Hi! I am *Luna*.' });
    model = new FakeLanguageModel(replies, options.delayMs ?? 0);
    server = await startLiveServer({ chat: { characters, models: fakeModels(model), ...options.chat } });
    const { context, page } = await openPage(browser, server);
    await signUpViaApi(context, 'Sam');
    return { context, page };
  }

  it('starts a chat, streams a reply and keeps the history across a reload', async () => {
    const { page } = await setup([['Hello', ' **there**', ', Sam.']]);
    const chatId = await startChat(page);
    expect(await messages(page).count()).toBe(1);
    expect(await page.locator('.message--assistant em').textContent()).toBe('Luna');

    await sendMessage(page, 'Hi Luna, how are you?');
    expect(await waitForReply(page)).toBe('Hello there, Sam.');
    expect(await lastMessage(page).locator('strong').textContent()).toBe('there');
    expect(await composer(page).inputValue()).toBe('');

    await page.reload();
    await page.locator('.message-list > li.message').nth(2).waitFor();
    expect(await messages(page).allTextContents()).toEqual([
      expect.stringContaining('Hi! I am Luna.'),
      expect.stringContaining('Hi Luna, how are you?'),
      expect.stringContaining('Hello there, Sam.'),
    ]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
    const item = page.getByRole('list', { name: 'Your chats' }).getByRole('link');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('href')).toBe(`/chats/${chatId}`);
    expect(await item.textContent()).toContain('Luna');
    expect(pageProblems(page)).toEqual([]);
  });

  it('renders Markdown without letting HTML from the user or the model through', async () => {
    const { page } = await setup([
      [
        'Look: <img src=x onerror="window.__pwned=1">',
        ' <script>window.__pwned=2</script>',
        ' [click me](javascript:window.__pwned=3)',
        ' and **bold**',
      ],
    ]);
    await startChat(page);
    await sendMessage(page, '<b onmouseover="window.__pwned=4">hey</b> <iframe src="/"></iframe> _soft_');
    await waitForReply(page);

    const list = page.locator('.message-list');
    expect(await list.locator('img, script, iframe, b, [onerror], [onmouseover]').count()).toBe(0);
    expect(await list.locator('em', { hasText: 'soft' }).count()).toBe(1);
    expect(await list.locator('strong', { hasText: 'bold' }).count()).toBe(1);
    // The markup is shown as the literal text it was.
    expect(await lastMessage(page).textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    const hrefs = await list
      .locator('a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.filter((href) => href?.toLowerCase().includes('javascript'))).toEqual([]);
    await list.getByText('click me').click();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageProblems(page)).toEqual([]);
  });

  it('shows the typing indicator, then stops a streaming reply and keeps the part received', async () => {
    // Whole sentences: the output guard releases text clause by clause.
    const words = Array.from({ length: 20 }, (_, index) => ` word${index}.`);
    const { page } = await setup([words], { delayMs: 600 });
    const chatId = await startChat(page);
    await sendMessage(page, 'Tell me a long story');

    await page.getByRole('status').filter({ hasText: 'Luna is typing' }).waitFor();
    await lastMessage(page).locator('.markdown', { hasText: 'word1' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).click();

    await page.locator('.message-list > li.message:last-child[data-status="stopped"]').waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    const partial = (await lastMessage(page).locator('.markdown').textContent()) ?? '';
    expect(partial).toContain('word1');
    expect(partial).not.toContain('word19');
    expect(await lastMessage(page).textContent()).toContain('Stopped');

    // The server stores the partial reply as stopped once its model call has wound down.
    const newestStatus = () =>
      page.evaluate(async (id) => {
        const response = await fetch(`/api/chats/${id}/messages?limit=1`);
        const { messages: newest } = await response.json();
        return `${newest[0].role}:${newest[0].status}`;
      }, chatId);
    await expect.poll(newestStatus, { timeout: 5_000 }).toBe('assistant:stopped');
    await page.reload();
    await page.locator('.message-list > li.message:last-child[data-status="stopped"]').waitFor();
    expect(await lastMessage(page).locator('.markdown').textContent()).toContain('word1');
  });

  it('regenerates a reply and swipes between the alternatives', async () => {
    const { page } = await setup([['First reply'], ['Second reply']]);
    await startChat(page);
    await sendMessage(page, 'Say something');
    expect(await waitForReply(page)).toBe('First reply');

    await page.getByRole('button', { name: 'Regenerate reply' }).click();
    await lastMessage(page).locator('.markdown', { hasText: 'Second reply' }).waitFor();
    await waitForReply(page);
    expect(await lastMessage(page).locator('.swipes__count').textContent()).toContain('2/2');

    await page.getByRole('button', { name: 'Previous reply' }).click();
    await lastMessage(page).locator('.markdown', { hasText: 'First reply' }).waitFor();
    expect(await lastMessage(page).locator('.swipes__count').textContent()).toContain('1/2');
    expect(await page.getByRole('button', { name: 'Previous reply' }).isDisabled()).toBe(true);

    await page.reload();
    await lastMessage(page).locator('.markdown', { hasText: 'First reply' }).waitFor();
    expect(await lastMessage(page).locator('.swipes__count').textContent()).toContain('1/2');
    await page.getByRole('button', { name: 'Next reply' }).click();
    await lastMessage(page).locator('.markdown', { hasText: 'Second reply' }).waitFor();
  });

  it('continues the last reply', async () => {
    const { page } = await setup([['Once upon'], [' a time.']]);
    await startChat(page);
    await sendMessage(page, 'Tell me a story');
    expect(await waitForReply(page)).toBe('Once upon');
    await page.getByRole('button', { name: 'Continue reply' }).click();
    await lastMessage(page).locator('.markdown', { hasText: 'Once upon a time.' }).waitFor();
    await page.reload();
    await lastMessage(page).locator('.markdown', { hasText: 'Once upon a time.' }).waitFor();
  });

  it('edits and deletes messages, and can regenerate from an edited message', async () => {
    const { page } = await setup([['Reply one'], ['Reply two']]);
    await startChat(page);
    await sendMessage(page, 'Original question');
    await waitForReply(page);

    const reply = lastMessage(page);
    await reply.getByRole('button', { name: 'Edit message' }).click();
    await reply.getByLabel('Message text').fill('An edited reply');
    await reply.getByRole('button', { name: 'Save', exact: true }).click();
    await reply.locator('.markdown', { hasText: 'An edited reply' }).waitFor();

    const question = messages(page).nth(1);
    await question.getByRole('button', { name: 'Edit message' }).click();
    await question.getByLabel('Message text').fill('A better question');
    await question.getByRole('button', { name: 'Save & regenerate' }).click();
    await lastMessage(page).locator('.markdown', { hasText: 'Reply two' }).waitFor();
    await waitForReply(page);
    expect(await messages(page).count()).toBe(3);
    expect(await messages(page).nth(1).textContent()).toContain('A better question');

    await lastMessage(page).getByRole('button', { name: 'Delete message' }).click();
    await lastMessage(page).getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('.message-list > li.message').length === 2);

    await page.reload();
    await messages(page).nth(1).waitFor();
    expect(await messages(page).count()).toBe(2);
    expect(await lastMessage(page).textContent()).toContain('A better question');
  });

  it('gives a refused message back to the composer and shows why', async () => {
    const credits = {
      name: 'fake-broke',
      async reserve(): Promise<never> {
        throw new PaymentRequired('insufficient_credits', 'You are out of credits.');
      },
      async settle() {},
      async release() {},
    };
    const { page } = await setup([['never sent']], { chat: { stages: { credits } } });
    await startChat(page);
    await sendMessage(page, 'Are you there?');
    await page.getByRole('alert').filter({ hasText: 'You are out of credits.' }).waitFor();
    expect(await composer(page).inputValue()).toBe('Are you there?');
    expect(await messages(page).count()).toBe(1);
    expect(model.requests).toHaveLength(0);
  });

  it('replaces a partial reply flagged by the output filter with the safe reply', async () => {
    const moderation: ModerationStage = {
      name: 'fake-flag-second-delta',
      async checkInput() {
        return { action: 'allow', kind: 'plain' };
      },
      openOutputGuard() {
        let deltas = 0;
        return {
          kind: 'plain',
          async push(delta: string) {
            deltas += 1;
            return deltas < 2
              ? { flagged: false, release: delta }
              : { flagged: true, reply: 'Let us talk about something else.', code: 'unsafe_output' };
          },
          async flush() {
            return { flagged: false, release: '' };
          },
        };
      },
    };
    const { page } = await setup([['Harmless start.', ' Something flagged.']], {
      chat: { stages: { moderation } },
    });
    await startChat(page);
    await sendMessage(page, 'Hello');
    expect(await waitForReply(page, 'blocked')).toBe('Let us talk about something else.');
    expect(await lastMessage(page).textContent()).not.toContain('Harmless start.');
    expect(await lastMessage(page).textContent()).toContain('Safety reply');
    expect(await lastMessage(page).getByRole('button', { name: 'Regenerate reply' }).count()).toBe(0);
  });

  it("does not open another user's chat", async () => {
    const { page } = await setup([['hi']]);
    const chatId = await startChat(page);
    const { page: other, context } = await openPage(browser, server);
    await signUpViaApi(context, 'Eve');
    await other.goto(`/chats/${chatId}`);
    await other.getByRole('heading', { name: 'Chat not found' }).waitFor();
    expect(await other.locator('.message-list').count()).toBe(0);
  });

  it('works at phone width: the composer fits and sends', async () => {
    const { page } = await setup([['Short answer.']]);
    await page.setViewportSize({ width: 375, height: 740 });
    await startChat(page);
    await sendMessage(page, 'Hi from my phone');
    expect(await waitForReply(page)).toBe('Short answer.');
    const sendBox = await composer(page).boundingBox();
    expect(sendBox && sendBox.x + sendBox.width).toBeLessThanOrEqual(375);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: '/tmp/hearth-chat-phone.png' });
  });
});
