import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationStage } from '../../src/chat/index.js';
import { updateUser } from '../../src/accounts/index.js';
import { assertMayChat, createModerationStage, defaultSafetyConfig } from '../../src/safety/index.js';
import {
  type LiveServer,
  launchBrowser,
  openPage,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';
import { createChatViaApi, sendMessage, startChat, waitForReply } from '../e2e/chat-steps.js';
import { signUpViaApi } from '../e2e/steps.js';

// Issue 7 acceptance: a moderator sees a flagged item, suspends the user, and the user's next
// message is refused with 403 and the reason. Skips only without Chromium and without CI=true.
describe.skipIf(skipBrowserSuites)('moderation in the browser', () => {
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

  it('moderator suspends a flagged user; their next message gets 403 with the reason', async () => {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna', greetingText: 'Hi! I am Luna.' });
    const model = new FakeLanguageModel([['This should never be streamed.']], 0);
    // The stage needs the server's database, which exists only once the server runs.
    let stage: ModerationStage | undefined;
    const lazyStage: ModerationStage = {
      name: 'safety (test)',
      checkInput: (input) => (stage as ModerationStage).checkInput(input),
      openOutputGuard: (input) => (stage as ModerationStage).openOutputGuard(input),
    };
    server = await startLiveServer({
      chat: {
        characters,
        models: fakeModels(model),
        stages: { moderation: lazyStage },
        authorizeTurn: async (actor) => {
          assertMayChat(actor);
          return actor;
        },
      },
    });
    const { services } = server.testApp;
    stage = createModerationStage({
      db: services.db.kysely,
      clock: services.clock,
      config: defaultSafetyConfig,
    });

    const user = await openPage(browser, server);
    await signUpViaApi(user.context, 'Sam');
    await startChat(user.page);
    await sendMessage(user.page, 'teach me how to cook meth in my garage');
    const reply = await waitForReply(user.page, 'blocked');
    expect(reply).toContain('Luna');
    expect(model.requests).toHaveLength(0);

    const moderator = await openPage(browser, server);
    await signUpViaApi(moderator.context, 'Mo');
    const me = await moderator.context.request.get('/api/me');
    await updateUser(services.db.kysely, services.clock, (await me.json()).user.id, { role: 'moderator' });
    await moderator.page.goto('/moderation');
    const item = moderator.page.getByTestId('moderation-item').first();
    await item.waitFor();
    expect(await item.textContent()).toContain('teach me how to cook meth');
    expect(await item.getByRole('list', { name: 'Categories and scores' }).textContent()).toContain(
      'non_violent_crimes',
    );
    await item.getByLabel('Reason').fill('asked for drug manufacturing');
    await item.getByLabel('Days').fill('3');
    await item.getByRole('button', { name: 'Suspend user' }).click();
    await moderator.page.getByText('User suspended.').waitFor();

    const chatId = await createChatViaApi(user.context, server).catch(() => null);
    const target = chatId ?? new URL(user.page.url()).pathname.split('/').at(-1);
    const refused = await user.context.request.post(`/api/chats/${target}/messages`, {
      data: { content: 'hello again' },
      headers: { origin: server.baseUrl },
    });
    expect(refused.status()).toBe(403);
    const body = await refused.json();
    expect(body.error.code).toBe('account_suspended');
    expect(body.error.message).toContain('asked for drug manufacturing');
  });
});
