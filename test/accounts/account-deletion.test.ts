import { afterEach, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';
import { findTextEverywhere } from '../helpers/scan-database.js';
import { createCharacterAs, minimalDoc } from '../characters/helpers.js';

/** Issue 13 item 1: deleting an account erases every word the user wrote; the export holds them all. */
describeEachDialect('issue 13 item 1: account deletion and export', (dialect) => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());

  async function setup() {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    const model = new FakeLanguageModel([
      ['A reply', ' to you.'],
      ['Another', ' reply.'],
    ]);
    testApp = await createTestApp(dialect, {
      chat: { characters, models: fakeModels(model) },
      memoryModel: null,
    });
    return signUpTestUser(testApp.app);
  }

  const inject = (
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => testApp.app.inject({ method, url, payload, headers: user.headers });

  /** Leaves the unique string in every place a user's words can reach: chat, swipes, memory, reports. */
  async function writeEverywhere(user: TestUser, unique: string) {
    const chat = await inject(user, 'POST', '/api/chats', { characterId: 'luna', title: `About ${unique}` });
    expect(chat.statusCode).toBe(201);
    const chatId = chat.json().chat.id as string;
    const send = await inject(user, 'POST', `/api/chats/${chatId}/messages`, {
      content: `My secret word is ${unique}, remember it.`,
    });
    expect(send.statusCode).toBe(200);
    const second = await inject(user, 'POST', `/api/chats/${chatId}/messages`, {
      content: `Say ${unique} back to me`,
    });
    expect(second.statusCode).toBe(200);
    expect((await inject(user, 'POST', `/api/chats/${chatId}/regenerate`)).statusCode).toBe(200);
    const crisis = await inject(user, 'POST', `/api/chats/${chatId}/messages`, {
      content: `I want to kill myself tonight ${unique}`,
    });
    expect(crisis.statusCode).toBe(200);
    const history = await inject(user, 'GET', `/api/chats/${chatId}/messages?limit=50`);
    const userMessage = history
      .json()
      .messages.find((message: { role: string; content: string }) =>
        message.content.startsWith('My secret word'),
      );
    const report = await inject(user, 'POST', '/api/reports', {
      messageId: userMessage.id,
      reason: 'other',
      details: `report note ${unique}`,
    });
    expect(report.statusCode).toBe(201);
    await createCharacterAs(testApp.app, user, minimalDoc({ description: `Knows ${unique}.` }));
    await testApp.services.memory.settled();
    return chatId;
  }

  it('puts chats, messages and swipes in GET /api/me/export', async () => {
    const user = await setup();
    const unique = `zqxv${Date.now().toString(36)}marker`;
    const chatId = await writeEverywhere(user, unique);
    const response = await inject(user, 'GET', '/api/me/export');
    expect(response.statusCode).toBe(200);
    const chats = response.json().chats as {
      id: string;
      title: string;
      messages: { role: string; content: string; swipes: { content: string }[] }[];
    }[];
    const chat = chats.find((candidate) => candidate.id === chatId)!;
    expect(chat.title).toBe(`About ${unique}`);
    expect(chat.messages.map((message) => message.content)).toContain(
      `My secret word is ${unique}, remember it.`,
    );
    const regenerated = chat.messages.find((message) => message.swipes.length === 2);
    expect(regenerated?.swipes.map((swipe) => swipe.content)).toEqual(['Another reply.', 'Another reply.']);
  });

  it('leaves the unique string in no text column of any table after DELETE /api/me', async () => {
    const user = await setup();
    const unique = `qjzk${Date.now().toString(36)}needle`;
    await writeEverywhere(user, unique);
    const before = await findTextEverywhere(testApp.services.db.kysely, dialect, unique);
    // The scan works: the words are really stored before deletion, in the places deletion must reach.
    expect(before).toEqual(expect.arrayContaining(['messages.content', 'messages.swipes', 'chats.title']));
    const deleted = await inject(user, 'DELETE', '/api/me', { password: user.password });
    expect(deleted.statusCode).toBe(204);
    expect(await findTextEverywhere(testApp.services.db.kysely, dialect, unique)).toEqual([]);
  });

  it('keeps other users’ chats when one account is deleted', async () => {
    const user = await setup();
    const other = await signUpTestUser(testApp.app);
    const unique = `kept${Date.now().toString(36)}words`;
    const chat = await inject(other, 'POST', '/api/chats', { characterId: 'luna', title: unique });
    expect(chat.statusCode).toBe(201);
    expect((await inject(user, 'DELETE', '/api/me', { password: user.password })).statusCode).toBe(204);
    expect(await findTextEverywhere(testApp.services.db.kysely, dialect, unique)).toEqual(['chats.title']);
  });
});
