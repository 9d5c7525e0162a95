import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/billing/index.js';
import {
  launchBrowser,
  type LiveServer,
  openPage,
  pageProblems,
  skipBrowserSuites,
  startLiveServer,
} from '../helpers/browser.js';
import { dialects } from '../helpers/databases.js';
import { FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';
import { messages, startChat, waitForReply } from './chat-steps.js';
import { signUpViaApi } from './steps.js';

// Issue 8 acceptance: admin grant → wallet → gift in a chat → reaction → wallet history → creator earning.
// Real characters and billing; only the model is scripted so the reply is known.
describe.skipIf(skipBrowserSuites)('money in the browser', () => {
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

  async function post(context: BrowserContext, path: string, data: unknown) {
    // Playwright's request client sends no Origin by itself; the CSRF check wants the app's own.
    const response = await context.request.post(path, { data, headers: { origin: server.baseUrl } });
    if (response.status() >= 300) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
    return response.json();
  }

  // Both dialects: PostgreSQL's slower commits once exposed a gift message written after the response.
  it.each(dialects)(
    'an admin grant pays for a gift in a chat; the character reacts and the creator earns 80% (%s)',
    async (dialect) => {
      const model = new FakeLanguageModel([['Chocolates? For me?', ' Thank you!']]);
      server = await startLiveServer({ dialect, chat: { models: fakeModels(model) } });
      const db = server.testApp.services.db.kysely;

      const creator = await openPage(browser, server);
      await signUpViaApi(creator.context, 'Creator');
      const { character } = await post(creator.context, '/api/characters', {
        doc: { name: 'Wren Halloway', tagline: 'A beekeeper with opinions', greetings: ['Hello, {{user}}.'] },
      });
      await post(creator.context, `/api/characters/${character.id}/publish`, { visibility: 'public' });

      const fan = await openPage(browser, server);
      const { email: fanEmail } = await signUpViaApi(fan.context, 'Sam');

      const admin = await openPage(browser, server);
      const { email: adminEmail } = await signUpViaApi(admin.context, 'Admin');
      await db.updateTable('users').set({ role: 'admin' }).where('email', '=', adminEmail).execute();
      await admin.page.goto('/admin/finance');
      const grantForm = admin.page.getByRole('form', { name: 'Grant credits' });
      await grantForm.getByLabel('Email').fill(fanEmail);
      await grantForm.getByLabel('Credits').fill('200');
      await grantForm.getByLabel('Reason').fill('Welcome credits');
      await grantForm.getByRole('button', { name: 'Grant' }).click();
      await admin.page.getByText("Granted. The user's balance is now 200.").waitFor();

      const page = fan.page;
      await page.goto('/wallet');
      await expect.poll(() => page.getByTestId('wallet-balance').textContent()).toBe('200 credits');
      expect(await page.getByRole('table', { name: 'Wallet history' }).textContent()).toContain(
        'Welcome credits',
      );

      const chatId = await startChat(page, character.id);
      await messages(page).first().getByText('Hello, Sam.').waitFor();
      await page.getByRole('button', { name: 'Gift' }).click();
      await expect.poll(() => page.getByTestId('chat-balance').textContent()).toBe('200 credits');
      await page.getByRole('button', { name: /Chocolates · 50/ }).click();

      await messages(page).nth(1).getByText('gives you a gift: 🍫 Chocolates').waitFor();
      expect(await waitForReply(page)).toBe('Chocolates? For me? Thank you!');
      expect(await messages(page).count()).toBe(3);
      expect(await page.getByTestId('chat-balance').textContent()).toContain('150 credits');
      // The model answered the gift itself, not an earlier message.
      const request = model.requests.at(-1)!;
      expect(request.messages.at(-1)).toMatchObject({
        role: 'user',
        content: '*gives you a gift: 🍫 Chocolates*',
      });
      expect(model.requests).toHaveLength(1);

      // Stored once: a reload shows the gift and a single reply.
      await page.reload();
      await messages(page).nth(2).waitFor();
      expect(await messages(page).allTextContents()).toEqual([
        expect.stringContaining('Hello, Sam.'),
        expect.stringContaining('gives you a gift: 🍫 Chocolates'),
        expect.stringContaining('Chocolates? For me? Thank you!'),
      ]);
      const stored = await db.selectFrom('messages').select('role').where('chat_id', '=', chatId).execute();
      expect(stored.map((row) => row.role)).toEqual(['assistant', 'user', 'assistant']);

      await page.goto('/wallet');
      await expect.poll(() => page.getByTestId('wallet-balance').textContent()).toBe('150 credits');
      const history = page.getByRole('table', { name: 'Wallet history' }).locator('tbody tr');
      await history.filter({ hasText: 'Gift: Chocolates' }).waitFor();
      expect(await history.filter({ hasText: 'Gift: Chocolates' }).locator('td.numeric').textContent()).toBe(
        '-50',
      );
      expect(await history.filter({ hasText: 'Welcome credits' }).locator('td.numeric').textContent()).toBe(
        '+200',
      );
      // The reply's hold and its release (a plain message within the daily allowance) net to zero.
      const amounts = await history.locator('td.numeric').allTextContents();
      expect(amounts.reduce((sum, amount) => sum + Number(amount), 0)).toBe(150);

      await creator.page.goto('/earnings');
      await expect.poll(() => creator.page.getByTestId('earnings-balance').textContent()).toBe('40 credits');
      const sale = creator.page.getByRole('table', { name: 'Recent sales' }).locator('tbody tr');
      expect(await sale.count()).toBe(1);
      expect(await sale.locator('td').allTextContents()).toEqual([expect.any(String), 'gift', '50', '+40']);

      const ledger = await verifyLedger(db);
      expect(ledger.ok).toBe(true);
      for (const opened of [creator.page, fan.page, admin.page]) expect(pageProblems(opened)).toEqual([]);
    },
  );
  it('a gift the wallet cannot cover is refused in the tray: no charge, no gift message, no reply', async () => {
    const model = new FakeLanguageModel([['never sent']]);
    server = await startLiveServer({ chat: { models: fakeModels(model) } });
    const creator = await openPage(browser, server);
    await signUpViaApi(creator.context, 'Creator');
    const { character } = await post(creator.context, '/api/characters', {
      doc: { name: 'Wren Halloway', greetings: ['Hello, {{user}}.'] },
    });
    await post(creator.context, `/api/characters/${character.id}/publish`, { visibility: 'public' });

    const { page } = await openPage(browser, server);
    await signUpViaApi(page.context(), 'Sam');
    await startChat(page, character.id);
    await page.getByRole('button', { name: 'Gift' }).click();
    await expect.poll(() => page.getByTestId('chat-balance').textContent()).toBe('0 credits');
    await page.getByRole('button', { name: /Rose · 10/ }).click();
    const refusal = page
      .getByRole('alert')
      .filter({ hasText: 'This costs 10 credits and your wallet has 0 credits.' });
    await refusal.waitFor();
    expect(await refusal.getByRole('link', { name: 'Buy credits' }).getAttribute('href')).toBe(
      '/wallet?buy=1',
    );

    await page.reload();
    await messages(page).first().getByText('Hello, Sam.').waitFor();
    expect(await messages(page).count()).toBe(1);
    expect(model.requests).toHaveLength(0);
    const ledger = await verifyLedger(server.testApp.services.db.kysely);
    expect(ledger).toMatchObject({ ok: true, transactions: 0 });
    expect(pageProblems(page)).toEqual([]);
  });
});
