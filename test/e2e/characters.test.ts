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
import { signUpViaApi } from './steps.js';

// Issue 4 acceptance: create in the editor → publish → another user finds it by tag and tagline word.
describe.skipIf(skipBrowserSuites)('characters in the browser', () => {
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

  it('creates, publishes, and is found in Explore by tag and by a tagline word', async () => {
    const creator = await openPage(browser, server);
    await signUpViaApi(creator.context, 'Creator');
    const editor = creator.page;
    await editor.goto('/characters/new');
    await editor.getByLabel('Name', { exact: true }).fill('Talia Brightwater');
    await editor.getByLabel('Tagline').fill('A stargazing ferrywoman who charts comets');
    await editor.getByLabel('First greeting').fill('Evening, {{user}}. Comet season again.');
    await expect
      .poll(() => editor.locator('.editor__bubble').textContent())
      .toBe('Evening, Creator. Comet season again.');
    await editor.getByLabel('Tags').fill('astronomy, cozy');
    await editor.getByLabel('Visibility when published').selectOption('public');
    await editor.getByRole('button', { name: 'Publish' }).click();
    await editor.getByText('Published.').waitFor();
    await expect.poll(() => editor.url()).toMatch(/\/characters\/[^/]+\/edit$/);
    await expect
      .poll(async () => Number(await editor.getByTestId('prompt-tokens').textContent()))
      .toBeGreaterThan(20);
    expect(await editor.locator('.editor__prompt').textContent()).toContain('Talia Brightwater');

    const reader = await openPage(browser, server);
    await signUpViaApi(reader.context, 'Reader');
    const explore = reader.page;
    await explore.goto('/explore');
    await explore.getByPlaceholder('Tag', { exact: true }).fill('astronomy');
    await explore.getByRole('button', { name: 'Search' }).click();
    await explore.getByRole('heading', { name: 'Talia Brightwater' }).waitFor();
    await explore.getByPlaceholder('Tag', { exact: true }).fill('');
    await explore.getByRole('searchbox').fill('ferrywoman');
    await explore.getByRole('button', { name: 'Search' }).click();
    await explore.getByRole('heading', { name: 'Talia Brightwater' }).click();
    await explore.getByRole('heading', { level: 1, name: 'Talia Brightwater' }).waitFor();
    expect(await explore.getByText('Evening, Reader. Comet season again.').count()).toBe(1);
    expect(await explore.getByRole('link', { name: 'Start chat' }).getAttribute('href')).toMatch(
      /^\/chats\/new\?character=/,
    );
    expect(await explore.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(pageProblems(editor)).toEqual([]);
    expect(pageProblems(explore)).toEqual([]);
  });
});
