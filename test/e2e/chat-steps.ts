import type { BrowserContext, Page } from 'playwright-core';
import { newId } from '../../src/ids.js';
import type { LiveServer } from '../helpers/browser.js';

/** Steps shared by the chat browser suites (not a test file). */

/** Opens a new chat with `characterId` through the UI's `/chats/new` route; returns its id. */
/** Opens a new chat with a character that has a greeting, and waits until the greeting is shown. */
export async function startChat(page: Page, characterId = 'luna'): Promise<string> {
  await page.goto(`/chats/new?character=${characterId}`);
  await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
  await page.getByRole('textbox', { name: /^Message / }).waitFor();
  // The history loads after the composer appears; counting messages before it arrives raced.
  await page.locator('.message-list > li.message').first().waitFor();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

export function composer(page: Page) {
  return page.getByRole('textbox', { name: /^Message / });
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

export function messages(page: Page) {
  return page.locator('.message-list > li.message');
}

export function lastMessage(page: Page) {
  return messages(page).last();
}

/** Waits until the newest message is a finished reply (not streaming) and returns its text. */
export async function waitForReply(page: Page, status = 'complete'): Promise<string> {
  const last = lastMessage(page);
  await page.locator(`.message-list > li.message--assistant:last-child[data-status="${status}"]`).waitFor();
  return ((await last.locator('.markdown').textContent()) ?? '').trim();
}

/** Creates a chat through the API with the context's session cookie; returns its id. */
export async function createChatViaApi(
  context: BrowserContext,
  server: LiveServer,
  characterId = 'luna',
): Promise<string> {
  // Playwright's request client sends no Origin by itself; the CSRF check wants the app's own.
  const response = await context.request.post('/api/chats', {
    data: { characterId },
    headers: { origin: server.baseUrl },
  });
  if (response.status() !== 201)
    throw new Error(`create chat: ${response.status()} ${await response.text()}`);
  return (await response.json()).chat.id;
}

/** Writes `count` alternating user/assistant messages straight into the database (fast seeding). */
export async function seedMessages(server: LiveServer, chatId: string, count: number): Promise<void> {
  const db = server.testApp.services.db.kysely;
  const ids = Array.from({ length: count }, () => newId()).sort();
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const rows = ids.map((id, index) => {
    const content = `Message number ${index + 1}`;
    const createdAt = new Date(start + index * 1000).toISOString();
    return {
      id,
      chat_id: chatId,
      role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content,
      status: 'complete' as const,
      swipes: JSON.stringify([{ content, status: 'complete', createdAt }]),
      swipe_index: 0,
      kind: index % 2 === 0 ? null : 'plain',
      media: '[]',
      created_at: createdAt,
      updated_at: createdAt,
    };
  });
  // The greeting written at chat creation would sort before the seeded ids only by chance; drop it.
  await db.deleteFrom('messages').where('chat_id', '=', chatId).execute();
  for (let offset = 0; offset < rows.length; offset += 500) {
    await db
      .insertInto('messages')
      .values(rows.slice(offset, offset + 500))
      .execute();
  }
}
