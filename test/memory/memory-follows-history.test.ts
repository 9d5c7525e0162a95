import { afterEach, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/providers/spec.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels, parseSse } from '../helpers/fake-chat.js';
import { factsJson, fakeLanguageModel } from './fake-models.js';

/**
 * Issue 21 "Memory stays consistent when history changes" and issue 13's low "each regenerate adds a
 * duplicate memory that points at a message that no longer exists": every path through the HTTP
 * routes, checked in the memory panel's API and in the next prompt.
 */

interface Moment {
  id: string;
  text: string;
  sourceMessageIds: string[];
}

/** The extraction model turns every "token-XYZ" word of the exchange into one fact about it. */
function factsFromExchange(request: ChatRequest): string {
  const exchange = String(request.messages.at(-1)?.content ?? '').split('Latest exchange')[1] ?? '';
  const tokens = [...new Set(exchange.match(/token-[a-z]+/g) ?? [])];
  return factsJson(tokens.map((token) => ({ text: `The user mentioned ${token}.`, importance: 6 })));
}

describeEachDialect('memory follows the history', (dialect) => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());

  async function setUp(replies: string[][]) {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna', greetingText: null });
    const model = new FakeLanguageModel(replies);
    testApp = await createTestApp(dialect, {
      chat: { characters, models: fakeModels(model) },
      memoryModel: fakeLanguageModel([factsFromExchange]),
    });
    const user = await signUpTestUser(testApp.app);
    const chatId = await newChat(user);
    return { model, user, chatId };
  }

  async function newChat(user: TestUser): Promise<string> {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/chats',
      payload: { characterId: 'luna' },
      headers: user.headers,
    });
    return response.json().chat.id;
  }

  async function turn(user: TestUser, url: string, payload?: object) {
    const response = await testApp.app.inject({ method: 'POST', url, payload, headers: user.headers });
    expect(response.statusCode).toBe(200);
    const events = parseSse(response.body);
    expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe('finish');
    await testApp.services.memory.settled();
    return events;
  }

  const send = (user: TestUser, chatId: string, content: string) =>
    turn(user, `/api/chats/${chatId}/messages`, { content });

  async function panel(user: TestUser) {
    const response = await testApp.app.inject({
      url: '/api/characters/luna/memories',
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    return {
      moments: body.moments as Moment[],
      facts: (body.facts.current as { text: string }[]).map((fact) => fact.text).sort(),
    };
  }

  async function messages(user: TestUser, chatId: string) {
    const response = await testApp.app.inject({
      url: `/api/chats/${chatId}/messages`,
      headers: user.headers,
    });
    // Oldest first (the page comes newest first); uuidv7 ids sort by time.
    const page = response.json().messages as { id: string; role: string; content: string }[];
    return page.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Every moment points at messages that exist, and no exchange is remembered twice. */
  async function expectConsistent(user: TestUser, chatId: string) {
    const ids = new Set((await messages(user, chatId)).map((message) => message.id));
    const { moments } = await panel(user);
    for (const moment of moments) for (const id of moment.sourceMessageIds) expect(ids).toContain(id);
    const keys = moments.map((moment) => moment.sourceMessageIds.join());
    expect(new Set(keys).size).toBe(keys.length);
  }

  it('regenerate replaces the memory of the reply instead of adding one per swipe (issue 13 low)', async () => {
    const { user, chatId } = await setUp([
      ['First token-alpha.'],
      ['Second token-beta.'],
      ['Third token-gamma.'],
    ]);
    await send(user, chatId, 'I adopted a cat token-miso');
    await turn(user, `/api/chats/${chatId}/regenerate`);
    await turn(user, `/api/chats/${chatId}/regenerate`);
    const { moments, facts } = await panel(user);
    expect(moments).toHaveLength(1);
    expect(moments[0].text).toContain('Third token-gamma.');
    expect(moments[0].text).not.toMatch(/token-alpha|token-beta/);
    const [question, reply] = await messages(user, chatId);
    expect(moments[0].sourceMessageIds).toEqual([question.id, reply.id]);
    // Facts of replaced swipes are gone; the exchange as it reads now was extracted again.
    expect(facts).toEqual(['The user mentioned token-gamma.', 'The user mentioned token-miso.']);
    await expectConsistent(user, chatId);
  });

  it('edit-and-regenerate: the edited turn is remembered once, the pre-edit text never reaches the prompt', async () => {
    const { model, user, chatId } = await setUp([['Nice token-alpha.'], ['Lovely token-beta.'], ['Okay.']]);
    await send(user, chatId, 'My sister is token-anna');
    const [question] = await messages(user, chatId);
    const edit = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/messages/${question.id}`,
      payload: { content: 'My sister is token-bella', truncateAfter: true },
      headers: user.headers,
    });
    expect(edit.statusCode).toBe(200);
    // Forgotten before the edit answered: nothing of the old exchange is left to recall.
    expect(await panel(user)).toEqual({ moments: [], facts: [] });
    await turn(user, `/api/chats/${chatId}/regenerate`);
    const { moments, facts } = await panel(user);
    expect(moments).toHaveLength(1);
    expect(moments[0].text).toContain('token-bella');
    expect(moments[0].text).toContain('Lovely token-beta.');
    expect(facts).toEqual(['The user mentioned token-bella.', 'The user mentioned token-beta.']);
    await send(user, chatId, 'Who is my sister?');
    const prompt = JSON.stringify(model.requests.at(-1));
    expect(prompt).toContain('token-bella');
    expect(prompt).not.toMatch(/token-anna|token-alpha/);
    await expectConsistent(user, chatId);
  });

  it('editing a message in place re-derives its exchange; nothing else changes', async () => {
    const { user, chatId } = await setUp([['Sure token-alpha.'], ['Fine token-beta.']]);
    await send(user, chatId, 'I work as a token-baker');
    await send(user, chatId, 'I play token-chess');
    const [, firstReply] = await messages(user, chatId);
    const edit = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/messages/${firstReply.id}`,
      payload: { content: 'Sure token-delta.' },
      headers: user.headers,
    });
    expect(edit.statusCode).toBe(200);
    await testApp.services.memory.settled();
    const { moments, facts } = await panel(user);
    expect(moments).toHaveLength(2);
    expect(moments.map((moment) => moment.text).join('\n')).not.toContain('token-alpha');
    expect(facts).toEqual([
      'The user mentioned token-baker.',
      'The user mentioned token-beta.',
      'The user mentioned token-chess.',
      'The user mentioned token-delta.',
    ]);
    await expectConsistent(user, chatId);
  });

  it('continue remembers the whole reply once', async () => {
    const { user, chatId } = await setUp([['We baked token-alpha bread'], [' with token-beta jam.']]);
    await send(user, chatId, 'What did you cook today?');
    await turn(user, `/api/chats/${chatId}/continue`);
    const { moments, facts } = await panel(user);
    expect(moments).toHaveLength(1);
    const [, reply] = await messages(user, chatId);
    expect(moments[0].text).toBe(`User: What did you cook today?\nCharacter: ${reply.content}`);
    expect(moments[0].text).toContain('token-alpha');
    expect(moments[0].text).toContain('token-beta');
    expect(facts).toEqual(['The user mentioned token-alpha.', 'The user mentioned token-beta.']);
    await expectConsistent(user, chatId);
  });

  it('selecting another swipe makes memory follow the selected reply', async () => {
    const { user, chatId } = await setUp([['One token-alpha.'], ['Two token-beta.']]);
    await send(user, chatId, 'Hello');
    await turn(user, `/api/chats/${chatId}/regenerate`);
    const [, reply] = await messages(user, chatId);
    const swipe = await testApp.app.inject({
      method: 'POST',
      url: `/api/messages/${reply.id}/swipe`,
      payload: { index: 0 },
      headers: user.headers,
    });
    expect(swipe.statusCode).toBe(200);
    expect((await panel(user)).moments).toEqual([]);
    await testApp.services.memory.settled();
    const { moments, facts } = await panel(user);
    expect(moments).toHaveLength(1);
    expect(moments[0].text).toContain('One token-alpha.');
    expect(facts).toEqual(['The user mentioned token-alpha.']);
    await expectConsistent(user, chatId);
  });

  it('deleting a message removes what was derived from it; deleting a chat removes its memory only', async () => {
    const { user, chatId } = await setUp([
      ['Noted token-alpha.'],
      ['Noted token-beta.'],
      ['Noted token-zeta.'],
    ]);
    await send(user, chatId, 'I live in token-oslo');
    await send(user, chatId, 'I like token-tea');
    const [, , , secondReply] = await messages(user, chatId);
    const removed = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/messages/${secondReply.id}`,
      headers: user.headers,
    });
    expect(removed.statusCode).toBe(204);
    const after = await panel(user);
    expect(after.moments).toHaveLength(1);
    expect(after.facts).toEqual(['The user mentioned token-alpha.', 'The user mentioned token-oslo.']);
    await expectConsistent(user, chatId);

    const otherChat = await newChat(user);
    await send(user, otherChat, 'I ride a token-bike');
    const deleted = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/chats/${chatId}`,
      headers: user.headers,
    });
    expect(deleted.statusCode).toBe(204);
    const left = await panel(user);
    expect(left.moments.map((moment) => moment.text)).toEqual([
      'User: I ride a token-bike\nCharacter: Noted token-zeta.',
    ]);
    expect(left.facts).toEqual(['The user mentioned token-bike.', 'The user mentioned token-zeta.']);
  });

  it("another user cannot delete or edit A's messages, and A's memory stays", async () => {
    const { user, chatId } = await setUp([['Noted token-alpha.']]);
    await send(user, chatId, 'I live in token-oslo');
    const bob = await signUpTestUser(testApp.app);
    const [question, reply] = await messages(user, chatId);
    const removed = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/messages/${reply.id}`,
      headers: bob.headers,
    });
    expect(removed.statusCode).toBe(404);
    const edited = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/messages/${question.id}`,
      payload: { content: 'hijacked', truncateAfter: true },
      headers: bob.headers,
    });
    expect(edited.statusCode).toBe(404);
    const chat = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/chats/${chatId}`,
      headers: bob.headers,
    });
    expect(chat.statusCode).toBe(404);
    expect((await panel(user)).moments).toHaveLength(1);
    expect((await panel(user)).facts).toHaveLength(2);
  });
});
