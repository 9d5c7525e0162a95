import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { CreditHold, CreditsStage } from '../../src/chat/index.js';
import type { ChatOverrides } from '../../src/create-services.js';
import { PaymentRequired } from '../../src/errors.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels, parseSse } from '../helpers/fake-chat.js';

describeEachDialect('chat api', (dialect) => {
  let testApp: TestApp;
  let characters: FakeCharacters;
  let model: FakeLanguageModel;
  afterEach(() => testApp?.close());

  async function setup(
    options: { model?: FakeLanguageModel; chat?: ChatOverrides; env?: Record<string, string> } = {},
  ) {
    characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    model =
      options.model ??
      new FakeLanguageModel([
        ['Hello', ' there', '.'],
        ['Second', ' reply'],
      ]);
    testApp = await createTestApp(dialect, {
      env: options.env,
      chat: { characters, models: fakeModels(model), ...options.chat },
    });
    return signUpTestUser(testApp.app);
  }

  const inject = (
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => testApp.app.inject({ method, url, payload, headers: user.headers });

  async function openChat(user: TestUser, characterId = 'luna') {
    const response = await inject(user, 'POST', '/api/chats', { characterId });
    expect(response.statusCode).toBe(201);
    return response.json().chat.id as string;
  }

  async function countMessages() {
    const row = await testApp.services.db.kysely
      .selectFrom('messages')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('opens a chat with the greeting, streams a reply and keeps the history', async () => {
    const user = await setup();
    const chatId = await openChat(user);
    const send = await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Hi Luna!' });
    expect(send.statusCode).toBe(200);
    expect(send.headers['content-type']).toContain('text/event-stream');
    const events = parseSse(send.body);
    // The output guard releases whole clauses, so deltas may be merged; the text and framing are fixed.
    expect(events[0].type).toBe('user-message');
    expect(events.at(-1)?.type).toBe('finish');
    expect(new Set(events.slice(1, -1).map((event) => event.type))).toEqual(new Set(['text-delta']));
    expect(
      events
        .filter((event) => event.type === 'text-delta')
        .map((event) => event.text)
        .join(''),
    ).toBe('Hello there.');
    expect(events.at(-1)?.message).toMatchObject({
      role: 'assistant',
      content: 'Hello there.',
      status: 'complete',
    });
    expect(model.requests[0].messages.at(-1)).toEqual({ role: 'user', content: 'Hi Luna!' });
    expect(model.requests[0].messages.some((message) => message.content === 'Hi! Nice to meet you.')).toBe(
      true,
    );

    const history = await inject(user, 'GET', `/api/chats/${chatId}/messages`);
    const messages = history.json().messages;
    expect(messages.map((message: any) => message.content)).toEqual([
      'Hello there.',
      'Hi Luna!',
      'Hi! Nice to meet you.',
    ]);
    expect(messages[1].id).toBe(events[0].message.id);
    expect(characters.exchanges).toEqual([{ userText: 'Hi Luna!', replyText: 'Hello there.' }]);
    const list = await inject(user, 'GET', '/api/chats');
    // Issue 20 item 7: the first exchange names the chat.
    expect(list.json().chats[0]).toMatchObject({ id: chatId, characterName: 'Luna', title: 'Hi Luna!' });
  });

  it('regenerates as a second swipe and lets the user pick either', async () => {
    const user = await setup();
    const chatId = await openChat(user);
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Hi' });
    const regenerate = parseSse((await inject(user, 'POST', `/api/chats/${chatId}/regenerate`)).body);
    const reply = regenerate.at(-1)!.message;
    expect(reply).toMatchObject({ content: 'Second reply', swipeIndex: 1, swipeCount: 2 });
    // The regenerated prompt does not contain the replaced reply.
    expect(model.requests[1].messages.at(-1)).toEqual({ role: 'user', content: 'Hi' });
    const back = await inject(user, 'POST', `/api/messages/${reply.id}/swipe`, { index: 0 });
    expect(back.json().message).toMatchObject({ content: 'Hello there.', swipeIndex: 0, swipeCount: 2 });
    const outOfRange = await inject(user, 'POST', `/api/messages/${reply.id}/swipe`, { index: 5 });
    expect(outOfRange.json().error.code).toBe('swipe_out_of_range');
    expect(await countMessages()).toBe(3);
  });

  it('continues the last reply and edits a message with truncation', async () => {
    const user = await setup({
      model: new FakeLanguageModel([['Once upon'], [' a time.'], ['And', ' they', ' lived.']]),
    });
    const chatId = await openChat(user);
    const first = parseSse(
      (await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Tell me a story' })).body,
    );
    const continued = parseSse((await inject(user, 'POST', `/api/chats/${chatId}/continue`)).body);
    expect(continued.at(-1)!.message.content).toBe('Once upon a time.');
    // Issue 21 item 6: a continuation that starts without a space is joined with one, streamed and stored.
    const again = parseSse((await inject(user, 'POST', `/api/chats/${chatId}/continue`)).body);
    const streamed = again.filter((event) => event.type === 'text-delta').map((event) => event.text);
    expect(streamed.join('')).toBe(' And they lived.');
    expect(again.at(-1)!.message.content).toBe('Once upon a time. And they lived.');
    const userMessageId = first[0].message.id;
    const edit = await inject(user, 'PATCH', `/api/messages/${userMessageId}`, {
      content: 'Tell me a poem',
      truncateAfter: true,
    });
    expect(edit.json().message.content).toBe('Tell me a poem');
    const history = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(history.map((message: any) => message.content)).toEqual([
      'Tell me a poem',
      'Hi! Nice to meet you.',
    ]);
    const regenerated = parseSse((await inject(user, 'POST', `/api/chats/${chatId}/regenerate`)).body);
    expect(regenerated.at(-1)!.type).toBe('finish');
    expect(await countMessages()).toBe(3);
  });

  it('pages history newest first with a cursor', async () => {
    const user = await setup({ model: new FakeLanguageModel([['ok']]) });
    const chatId = await openChat(user);
    for (let index = 0; index < 3; index += 1)
      await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: `m${index}` });
    const first = (await inject(user, 'GET', `/api/chats/${chatId}/messages?limit=4`)).json();
    expect(first.messages.map((message: any) => message.content)).toEqual(['ok', 'm2', 'ok', 'm1']);
    const second = (
      await inject(user, 'GET', `/api/chats/${chatId}/messages?limit=4&before=${first.nextCursor}`)
    ).json();
    expect(second.messages.map((message: any) => message.content)).toEqual([
      'ok',
      'm0',
      'Hi! Nice to meet you.',
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses empty, oversized and malformed messages without storing anything', async () => {
    const user = await setup({ env: { HEARTH_MAX_MESSAGE_CHARS: '20' } });
    const chatId = await openChat(user);
    const before = await countMessages();
    for (const payload of [
      { content: '   ' },
      { content: 'x'.repeat(21) },
      { text: 'hi' },
      { content: 'hi', extra: 1 },
    ]) {
      const response = await inject(user, 'POST', `/api/chats/${chatId}/messages`, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect(await countMessages()).toBe(before);
    expect(model.requests).toHaveLength(0);
  });

  it("keeps users out of each other's chats and private characters", async () => {
    const alice = await setup();
    const bob = await signUpTestUser(testApp.app);
    characters.add({ id: 'secret', ownerId: alice.id, visibility: 'private' });
    const chatId = await openChat(alice);
    const before = await countMessages();
    for (const [method, url, payload] of [
      ['GET', `/api/chats/${chatId}/messages`],
      ['GET', `/api/chats/${chatId}`],
      ['POST', `/api/chats/${chatId}/messages`, { content: 'hello' }],
      ['POST', `/api/chats/${chatId}/regenerate`],
      ['PATCH', `/api/chats/${chatId}`, { title: 'mine now' }],
      ['DELETE', `/api/chats/${chatId}`],
    ] as const) {
      const response = await inject(bob, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('chat_not_found');
    }
    const aliceMessage = (await inject(alice, 'GET', `/api/chats/${chatId}/messages`)).json().messages[0];
    expect((await inject(bob, 'DELETE', `/api/messages/${aliceMessage.id}`)).statusCode).toBe(404);
    expect(
      (await inject(bob, 'PATCH', `/api/messages/${aliceMessage.id}`, { content: 'x' })).statusCode,
    ).toBe(404);
    expect((await inject(bob, 'GET', '/api/chats')).json().chats).toEqual([]);
    const privateChat = await inject(bob, 'POST', '/api/chats', { characterId: 'secret' });
    expect(privateChat.statusCode).toBe(404);
    expect(await countMessages()).toBe(before);
    expect(model.requests).toHaveLength(0);
    expect((await inject(alice, 'POST', '/api/chats', { characterId: 'secret' })).statusCode).toBe(201);
  });

  it('answers 402 before streaming when credits run out, and settles or releases holds', async () => {
    const calls: string[] = [];
    let funded = false;
    const credits: CreditsStage = {
      name: 'fake-credits',
      async reserve() {
        if (!funded) throw new PaymentRequired('insufficient_credits', 'You are out of credits.');
        calls.push('reserve');
        return { id: 'hold', credits: 5 } satisfies CreditHold;
      },
      async settle(_hold, input) {
        calls.push(`settle:${input.kind}`);
      },
      async release(_hold, reason) {
        calls.push(`release:${reason}`);
      },
    };
    const user = await setup({ chat: { stages: { credits } } });
    const chatId = await openChat(user);
    const before = await countMessages();
    const broke = await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hi' });
    expect(broke.statusCode).toBe(402);
    expect(broke.json().error.code).toBe('insufficient_credits');
    expect(await countMessages()).toBe(before);
    funded = true;
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hi' });
    expect(calls).toEqual(['reserve', 'settle:plain']);
  });

  it('stops at input moderation: the model never sees the text and only the safe reply is stored', async () => {
    const user = await setup({
      chat: {
        stages: {
          moderation: {
            name: 'fake-moderation',
            async checkInput() {
              return { action: 'safe_reply', reply: "Let's talk about something else.", code: 'policy' };
            },
            openOutputGuard: () => ({
              kind: 'plain',
              push: async (text: string) => ({ flagged: false, release: text }),
              flush: async () => ({ flagged: false, release: '' }),
            }),
          },
        },
      },
    });
    const chatId = await openChat(user);
    const events = parseSse(
      (await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'forbidden words' })).body,
    );
    expect(events.map((event) => event.type)).toEqual(['user-message', 'blocked']);
    expect(events[1].reply).toBe("Let's talk about something else.");
    expect(model.requests).toHaveLength(0);
    const history = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(history[0]).toMatchObject({ content: "Let's talk about something else.", status: 'blocked' });
    const regenerate = await inject(user, 'POST', `/api/chats/${chatId}/regenerate`);
    expect(regenerate.statusCode).toBe(409);
    expect(regenerate.json().error.code).toBe('cannot_regenerate');
  });

  it('stops the stream at a flagged output clause and stores only the safe reply', async () => {
    const user = await setup({
      model: new FakeLanguageModel([['Fine words. ', 'BAD clause here. ', 'more']]),
      chat: {
        stages: {
          moderation: {
            name: 'fake-moderation',
            async checkInput() {
              return { action: 'allow', kind: 'plain' };
            },
            openOutputGuard: () => ({
              kind: 'plain',
              push: async (text: string) =>
                text.includes('BAD')
                  ? { flagged: true, reply: 'Safe words.', code: 'policy' }
                  : { flagged: false, release: text },
              flush: async () => ({ flagged: false, release: '' }),
            }),
          },
        },
      },
    });
    const chatId = await openChat(user);
    const events = parseSse(
      (await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hi' })).body,
    );
    expect(events.map((event) => event.type)).toEqual(['user-message', 'text-delta', 'blocked']);
    expect(events.map((event) => event.text ?? '').join('')).not.toContain('BAD');
    const stored = await testApp.services.db.kysely
      .selectFrom('messages')
      .select(['content', 'swipes'])
      .where('role', '=', 'assistant')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.content).toBe('Safe words.');
    expect(stored.swipes).not.toContain('BAD');
    expect(stored.swipes).not.toContain('Fine words');
  });

  it('issue 21 item 2: a failed reply keeps the user message, marked failed; retry answers it once', async () => {
    const failure = Object.assign(new Error('upstream is down'), {
      code: 'upstream_unavailable',
      retryable: true,
    });
    const broken = new FakeLanguageModel([[]], 0, failure);
    const healthy = new FakeLanguageModel([['Back', ' again.']]);
    let current: FakeLanguageModel = broken;
    const user = await setup({
      chat: {
        models: {
          resolve: () => current,
          countTokens: () => (text: string) => Math.ceil(text.length / 4),
          promptBudget: () => 3000,
        },
      },
    });
    const chatId = await openChat(user);
    const before = await countMessages();
    const events = parseSse(
      (await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hi' })).body,
    );
    const error = events.at(-1)!;
    expect(error).toMatchObject({ type: 'error', code: 'upstream_unavailable', message: 'upstream is down' });
    expect(error.userMessage).toMatchObject({ role: 'user', content: 'hi', status: 'error' });
    // Only the user's message was stored, and it reloads marked failed.
    expect(await countMessages()).toBe(before + 1);
    let history = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(history[0]).toMatchObject({ id: error.userMessage.id, content: 'hi', status: 'error' });

    // A retry that fails again leaves the one message, still marked failed.
    const failedAgain = parseSse((await inject(user, 'POST', `/api/chats/${chatId}/regenerate`)).body);
    expect(failedAgain.at(-1)).toMatchObject({
      type: 'error',
      userMessage: { id: error.userMessage.id, status: 'error' },
    });
    expect(await countMessages()).toBe(before + 1);

    // Retry: regenerate answers the failed message without a second copy of it.
    current = healthy;
    const retried = parseSse((await inject(user, 'POST', `/api/chats/${chatId}/regenerate`)).body);
    expect(retried.some((event) => event.type === 'user-message')).toBe(false);
    expect(retried.at(-1)).toMatchObject({ type: 'finish', message: { content: 'Back again.' } });
    expect(await countMessages()).toBe(before + 2);
    history = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(history.map((message: any) => [message.role, message.content, message.status])).toEqual([
      ['assistant', 'Back again.', 'complete'],
      ['user', 'hi', 'complete'],
      ['assistant', 'Hi! Nice to meet you.', 'complete'],
    ]);
    // The retried prompt held the user's text exactly once.
    const prompt = healthy.requests[0].messages.map((message) => message.content);
    expect(prompt.filter((content) => content === 'hi')).toHaveLength(1);
  });

  it('issue 21 item 2: a failed reply is kept for no other user', async () => {
    const failure = Object.assign(new Error('no model'), { code: 'model_unavailable', retryable: false });
    const owner = await setup({ model: new FakeLanguageModel([[]], 0, failure) });
    const chatId = await openChat(owner);
    await inject(owner, 'POST', `/api/chats/${chatId}/messages`, { content: 'hello?' });
    const other = await signUpTestUser(testApp.app, { email: 'other@example.com' });
    expect((await inject(other, 'GET', `/api/chats/${chatId}/messages`)).statusCode).toBe(404);
    expect((await inject(other, 'POST', `/api/chats/${chatId}/regenerate`)).statusCode).toBe(404);
  });

  it('renames and deletes chats', async () => {
    const user = await setup();
    const chatId = await openChat(user);
    expect(
      (await inject(user, 'PATCH', `/api/chats/${chatId}`, { title: 'Evening talks' })).json().chat.title,
    ).toBe('Evening talks');
    expect((await inject(user, 'DELETE', `/api/chats/${chatId}`)).statusCode).toBe(204);
    expect((await inject(user, 'GET', `/api/chats/${chatId}/messages`)).statusCode).toBe(404);
    expect(await countMessages()).toBe(0);
  });
});
