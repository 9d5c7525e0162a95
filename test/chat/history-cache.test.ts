import { afterEach, expect, it } from 'vitest';
import { HistoryCache } from '../../src/chat/index.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels, parseSse } from '../helpers/fake-chat.js';

describeEachDialect('chat history cache', (dialect) => {
  let testApp: TestApp;
  let model: FakeLanguageModel;
  let user: TestUser;
  afterEach(() => testApp?.close());

  async function setup() {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    model = new FakeLanguageModel([
      ['First', ' reply.'],
      ['Second', ' reply.'],
      ['Third', ' reply.'],
    ]);
    testApp = await createTestApp(dialect, { chat: { characters, models: fakeModels(model) } });
    user = await signUpTestUser(testApp.app);
    const opened = await testApp.app.inject({
      method: 'POST',
      url: '/api/chats',
      payload: { characterId: 'luna' },
      headers: user.headers,
    });
    return opened.json().chat.id as string;
  }

  const send = async (chatId: string, content: string) => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/chats/${chatId}/messages`,
      payload: { content },
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    return parseSse(response.body);
  };
  const revisionOf = async (chatId: string) =>
    (
      await testApp.services.db.kysely
        .selectFrom('chats')
        .select('history_revision')
        .where('id', '=', chatId)
        .executeTakeFirstOrThrow()
    ).history_revision;
  const promptTexts = (turn: number) => model.requests[turn].messages.map((message) => message.content);

  it('every write to a chat’s messages bumps its revision (triggers, whatever the code path)', async () => {
    const chatId = await setup();
    const afterGreeting = await revisionOf(chatId);
    expect(afterGreeting).toBe(1);
    await send(chatId, 'Hello');
    const afterTurn = await revisionOf(chatId);
    expect(afterTurn).toBe(afterGreeting + 2);
    const db = testApp.services.db.kysely;
    await db.updateTable('messages').set({ content: 'edited' }).where('chat_id', '=', chatId).execute();
    const afterEdit = await revisionOf(chatId);
    expect(afterEdit).toBe(afterTurn + 3);
    await db.deleteFrom('messages').where('chat_id', '=', chatId).where('role', '=', 'user').execute();
    expect(await revisionOf(chatId)).toBe(afterEdit + 1);
  });

  it('the next turn sees its own exchange and a write made behind the app’s back (another node)', async () => {
    const chatId = await setup();
    await send(chatId, 'My cat is called Miso');
    // Another node rewrites the stored reply directly in the database.
    await testApp.services.db.kysely
      .updateTable('messages')
      .set({ content: 'Rewritten elsewhere.' })
      .where('chat_id', '=', chatId)
      .where('content', '=', 'First reply.')
      .execute();
    await send(chatId, 'What is my cat called?');
    expect(promptTexts(1)).toContain('My cat is called Miso');
    expect(promptTexts(1)).toContain('Rewritten elsewhere.');
    expect(promptTexts(1)).not.toContain('First reply.');

    await send(chatId, 'And again?');
    // Built from the cached copy updated by the previous turn: both earlier exchanges, in order.
    const texts = promptTexts(2);
    const order = [
      'My cat is called Miso',
      'Rewritten elsewhere.',
      'What is my cat called?',
      'Second reply.',
    ];
    expect(order.map((text) => texts.indexOf(text))).toEqual(
      [...order.map((text) => texts.indexOf(text))].sort(),
    );
    expect(order.every((text) => texts.includes(text))).toBe(true);
    expect(texts.at(-1)).toBe('And again?');
  });

  it('a regenerated reply replaces the old one in the next prompt (swipes)', async () => {
    const chatId = await setup();
    await send(chatId, 'Tell me something');
    const regenerate = await testApp.app.inject({
      method: 'POST',
      url: `/api/chats/${chatId}/regenerate`,
      headers: user.headers,
    });
    expect(parseSse(regenerate.body).at(-1)?.type).toBe('finish');
    await send(chatId, 'Thanks');
    expect(promptTexts(2)).toContain('Second reply.');
    expect(promptTexts(2)).not.toContain('First reply.');
  });
});

it('HistoryCache serves a copy only at the revision it was made at', async () => {
  let reads = 0;
  const rows = [
    { id: 'm1', role: 'user' as const, content: 'hi', status: 'complete' as const, moderated_hash: null },
  ];
  // Any query at all goes through the executor.
  const db = {
    getExecutor: () => {
      reads += 1;
      throw new Error('read');
    },
  };
  const cache = new HistoryCache(2);
  const chat = { id: 'c1', history_revision: 5 } as Parameters<HistoryCache['recent']>[1];
  cache.stored('c1', { readAt: 4, before: 4, after: 5, writes: 1, rows });
  expect(await cache.recent(db as never, chat)).toEqual(rows);
  expect(reads).toBe(0);
  // Someone else wrote between the read and this write: the copy is dropped, not trusted.
  cache.stored('c1', { readAt: 5, before: 6, after: 7, writes: 1, rows });
  await expect(cache.recent(db as never, { ...chat, history_revision: 7 })).rejects.toThrow();
  expect(reads).toBe(1);
  // Or during it, before its first write: more bumps than its own writes.
  cache.stored('c1', { readAt: 4, before: 4, after: 5, writes: 1, rows });
  cache.stored('c1', { readAt: 5, before: 5, after: 8, writes: 2, rows });
  await expect(cache.recent(db as never, { ...chat, history_revision: 8 })).rejects.toThrow();
  expect(reads).toBe(2);
});
