import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { parseChatDate } from '../../src/chat/chat-import-parse.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/chats/${name}`, import.meta.url), 'utf8');

function multipart(file: string, filename: string, fields: Record<string, string> = {}) {
  const boundary = '----hearthtest';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${file}\r\n--${boundary}--\r\n`,
  );
  return {
    payload: Buffer.from(parts.join(''), 'utf8'),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The fields SillyTavern reads from a chat line, with dates as instants. */
function stView(jsonl: string) {
  return jsonl
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line))
    .filter((line) => !line.is_system)
    .map((line) => ({
      is_user: line.is_user,
      mes: line.mes,
      send_date: parseChatDate(line.send_date),
      ...(line.is_user ? {} : { swipes: line.swipes, swipe_id: line.swipe_id }),
    }));
}

// Issue 20 items 5 and 6: branches, chat export and import.
describeEachDialect('issue 20 items 5, 6: branch, export, import', (dialect) => {
  let testApp: TestApp;
  let characters: FakeCharacters;
  afterEach(() => testApp?.close());

  async function setup() {
    characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna', greetingText: 'Hello {{user}}.' });
    testApp = await createTestApp(dialect, {
      chat: { characters, models: fakeModels(new FakeLanguageModel([['Noted.']])) },
    });
    return signUpTestUser(testApp.app, { displayName: 'Robin' });
  }
  const inject = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    testApp.app.inject({ method, url, payload, headers: user.headers });
  async function importFile(user: TestUser, file: string, filename: string, fields: Record<string, string>) {
    const body = multipart(file, filename, fields);
    return testApp.app.inject({
      method: 'POST',
      url: '/api/chats/import',
      payload: body.payload,
      headers: { ...user.headers, 'content-type': body.contentType },
    });
  }
  const messagesOf = async (user: TestUser, chatId: string) =>
    (await inject(user, 'GET', `/api/chats/${chatId}/messages?limit=100`)).json().messages.reverse();

  it('item 5: a branch holds the history up to the message, links back, and later memory does not follow', async () => {
    const user = await setup();
    const chatId = (await inject(user, 'POST', '/api/chats', { characterId: 'luna' })).json().chat.id;
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'I live in Lisbon.' });
    const before = await messagesOf(user, chatId);
    const branchPoint = before.at(-1);
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'My cat is called Zorblax.' });
    await testApp.services.memory.settled();

    const branched = await inject(user, 'POST', `/api/messages/${branchPoint.id}/branch`);
    expect(branched.statusCode).toBe(201);
    const branch = branched.json().chat;
    expect(branch.branchedFrom).toEqual({ chatId, messageId: branchPoint.id });
    const copied = await messagesOf(user, branch.id);
    expect(copied.map((message: { content: string }) => message.content)).toEqual([
      'Hello Robin.',
      'I live in Lisbon.',
      'Noted.',
    ]);
    expect(copied.map((message: { createdAt: string }) => message.createdAt)).toEqual(
      before.map((message: { createdAt: string }) => message.createdAt),
    );

    await inject(user, 'POST', `/api/chats/${chatId}/messages`, {
      content: 'What is my cat called, Zorblax?',
    });
    expect(characters.promptInputs.at(-1)?.memoryBlock).toContain('Zorblax');
    await inject(user, 'POST', `/api/chats/${branch.id}/messages`, {
      content: 'What is my cat called, Zorblax?',
    });
    expect(characters.promptInputs.at(-1)?.memoryBlock ?? '').not.toContain('My cat is called Zorblax');

    const bob = await signUpTestUser(testApp.app);
    const stolen = await inject(bob, 'POST', `/api/messages/${branchPoint.id}/branch`);
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().error.code).toBe('message_not_found');
  });

  it('item 6: SillyTavern JSONL imports with swipes and timestamps and exports back to the same chat', async () => {
    const user = await setup();
    const file = fixture('sillytavern-chat.jsonl');
    const imported = await importFile(user, file, 'Luna - 2025-05-01.jsonl', { characterId: 'luna' });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ format: 'st-jsonl', imported: 4 });
    const chatId = imported.json().chat.id;
    const messages = await messagesOf(user, chatId);
    expect(messages[0]).toMatchObject({ role: 'assistant', swipeIndex: 1, swipeCount: 2 });
    expect(messages[3].content).toBe('Yes, tell me "everything" — ünïcödé too 🌊');
    expect(messages[3].createdAt).toBe(new Date(1746124380000).toISOString());

    const exported = await inject(user, 'GET', `/api/chats/${chatId}/export?format=st-jsonl`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const header = JSON.parse(exported.body.split('\n')[0]);
    expect(header).toMatchObject({ user_name: 'Robin', character_name: 'Luna' });
    expect(stView(exported.body)).toEqual(stView(file));

    // And the export imports again to the same conversation (a second round trip).
    const again = await importFile(user, exported.body, 'again.jsonl', { characterId: 'luna' });
    const reExported = await inject(user, 'GET', `/api/chats/${again.json().chat.id}/export?format=st-jsonl`);
    expect(stView(reExported.body)).toEqual(stView(file));
  });

  it('item 6: Agnai chat JSON imports; Hearth JSON round-trips; Markdown reads as a transcript', async () => {
    const user = await setup();
    const imported = await importFile(user, fixture('agnai-chat.json'), 'chat.json', { characterId: 'luna' });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ format: 'agnai', chat: { title: 'Evening at the lighthouse' } });
    const chatId = imported.json().chat.id;
    const messages = await messagesOf(user, chatId);
    expect(
      messages.map((message: { role: string; content: string; swipeCount: number; createdAt: string }) => [
        message.role,
        message.content,
        message.swipeCount,
        message.createdAt,
      ]),
    ).toEqual([
      ['assistant', 'Storm coming in.', 1, '2025-06-02T20:00:00.000Z'],
      ['user', 'Can I come in?', 1, '2025-06-02T20:01:00.000Z'],
      ['assistant', 'Of course. Mind the steps.', 2, '2025-06-02T20:01:30.000Z'],
    ]);

    const json = await inject(user, 'GET', `/api/chats/${chatId}/export?format=json`);
    const document = json.json();
    expect(document).toMatchObject({ format: 'hearth-chat', names: { user: 'Robin', character: 'Luna' } });
    expect(document.messages[2].swipes.map((swipe: { content: string }) => swipe.content)).toEqual([
      'Of course. Mind the steps.',
      "Door's open.",
    ]);
    const back = await importFile(user, json.body, 'chat.json', { characterId: 'luna' });
    const backDocument = (
      await inject(user, 'GET', `/api/chats/${back.json().chat.id}/export?format=json`)
    ).json();
    const strip = (doc: typeof document) =>
      doc.messages.map(({ id: _id, ...message }: { id: string }) => message);
    expect(strip(backDocument)).toEqual(strip(document));

    const markdown = await inject(user, 'GET', `/api/chats/${chatId}/export?format=md`);
    expect(markdown.headers['content-type']).toContain('text/markdown');
    expect(markdown.body).toContain('**Robin** · 2025-06-02T20:01:00.000Z\n\nCan I come in?');
  });

  it('item 6: the imported turns feed memory through the normal jobs', async () => {
    const user = await setup();
    const imported = await importFile(user, fixture('agnai-chat.json'), 'chat.json', { characterId: 'luna' });
    await testApp.services.memory.settled();
    const memories = await inject(user, 'GET', '/api/characters/luna/memories');
    expect(JSON.stringify(memories.json())).toContain('Can I come in?');
    expect(imported.statusCode).toBe(201);
  });

  it('rejects bad files and foreign chats with stable codes, writing nothing', async () => {
    const user = await setup();
    const count = async () => (await inject(user, 'GET', '/api/chats')).json().chats.length;
    for (const [file, code] of [
      ['', 'invalid_chat_file'],
      ['not json at all', 'invalid_chat_file'],
      ['{"user_name":"A"}\n{"nope":1}', 'invalid_chat_file'],
      ['{"messages":"x"}', 'invalid_chat_file'],
    ] as const) {
      const response = await importFile(user, file, 'x.jsonl', { characterId: 'luna' });
      expect(response.json().error.code, file).toBe(code);
    }
    expect(
      (await importFile(user, fixture('agnai-chat.json'), 'x.json', { characterId: 'ghost' })).statusCode,
    ).toBe(404);
    expect((await importFile(user, fixture('agnai-chat.json'), 'x.json', {})).json().error.code).toBe(
      'validation_failed',
    );
    expect(await count()).toBe(0);

    const chatId = (await inject(user, 'POST', '/api/chats', { characterId: 'luna' })).json().chat.id;
    const bob = await signUpTestUser(testApp.app);
    expect((await inject(bob, 'GET', `/api/chats/${chatId}/export?format=json`)).statusCode).toBe(404);
    expect((await inject(user, 'GET', `/api/chats/${chatId}/export?format=pdf`)).statusCode).toBe(400);
  });
});
