import { afterEach, expect, it } from 'vitest';
import type { ModerationStage } from '../../src/chat/index.js';
import { moderationOff } from '../../src/chat/index.js';
import { newId } from '../../src/ids.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels, parseSse } from '../helpers/fake-chat.js';

const HARMFUL = 'forbidden-request';

/** Blocks any text containing HARMFUL and records every text it was asked about. */
function fakeModeration(): ModerationStage & { checked: string[] } {
  const checked: string[] = [];
  return {
    name: 'fake',
    checked,
    async checkInput({ text }) {
      checked.push(text);
      return text.includes(HARMFUL)
        ? { action: 'block', reply: 'I will not help with that.', code: 'test_block' }
        : { action: 'allow', kind: 'plain' };
    },
    openOutputGuard: moderationOff.openOutputGuard,
  };
}

/** Issue 13 item 3: every user text that can reach a model passes input moderation. */
describeEachDialect('issue 13 item 3: input moderation on every path', (dialect) => {
  let testApp: TestApp;
  let model: FakeLanguageModel;
  let moderation: ReturnType<typeof fakeModeration>;
  afterEach(() => testApp?.close());

  async function setup(): Promise<{ user: TestUser; chatId: string }> {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna', greetingText: null });
    model = new FakeLanguageModel([['A harmless', ' reply.']]);
    moderation = fakeModeration();
    testApp = await createTestApp(dialect, {
      chat: { characters, models: fakeModels(model), stages: { moderation } },
      memoryModel: null,
    });
    const user = await signUpTestUser(testApp.app);
    const chat = await testApp.app.inject({
      method: 'POST',
      url: '/api/chats',
      headers: user.headers,
      payload: { characterId: 'luna' },
    });
    return { user, chatId: chat.json().chat.id };
  }

  const inject = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    testApp.app.inject({ method, url, payload, headers: user.headers });

  const promptsReachingModel = () =>
    model.requests.flatMap((request) => request.messages.map((m) => m.content));

  async function messages(user: TestUser, chatId: string) {
    const page = await inject(user, 'GET', `/api/chats/${chatId}/messages?limit=50`);
    return (
      page.json().messages as { id: string; role: string; content: string; status: string }[]
    ).reverse();
  }

  it('a new message is checked and a harmful one never reaches the model', async () => {
    const { user, chatId } = await setup();
    const sent = await inject(user, 'POST', `/api/chats/${chatId}/messages`, {
      content: `please ${HARMFUL}`,
    });
    expect(parseSse(sent.body).at(-1)).toMatchObject({ type: 'blocked', code: 'test_block' });
    expect(moderation.checked).toEqual([`please ${HARMFUL}`]);
    expect(model.requests).toHaveLength(0);
  });

  it('an edit of a user message is checked; a harmful edit is refused and not stored', async () => {
    const { user, chatId } = await setup();
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hello there' });
    const [question] = await messages(user, chatId);
    const edit = await inject(user, 'PATCH', `/api/messages/${question.id}`, { content: `now ${HARMFUL}` });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().error).toMatchObject({ code: 'content_blocked', details: { code: 'test_block' } });
    expect((await messages(user, chatId))[0].content).toBe('hello there');
    expect(moderation.checked).toContain(`now ${HARMFUL}`);
    const fine = await inject(user, 'PATCH', `/api/messages/${question.id}`, { content: 'hello again' });
    expect(fine.statusCode).toBe(200);
  });

  it('an edit of the character’s reply is checked too (it goes back into the prompt)', async () => {
    const { user, chatId } = await setup();
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hello there' });
    const reply = (await messages(user, chatId))[1];
    const edit = await inject(user, 'PATCH', `/api/messages/${reply.id}`, { content: `sure, ${HARMFUL}` });
    expect(edit.statusCode).toBe(422);
    expect((await messages(user, chatId))[1].content).toBe('A harmless reply.');
  });

  for (const mode of ['regenerate', 'continue'] as const) {
    it(`${mode}: a last user message never checked in its current form is checked, and blocked`, async () => {
      const { user, chatId } = await setup();
      await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hello there' });
      const [question] = await messages(user, chatId);
      // A text changed outside the edit route (an import, an older version, another code path).
      await testApp.services.db.kysely
        .updateTable('messages')
        .set({ content: `hello ${HARMFUL}` })
        .where('id', '=', question.id)
        .execute();
      const before = model.requests.length;
      const turn = await inject(user, 'POST', `/api/chats/${chatId}/${mode}`);
      expect(parseSse(turn.body).at(-1)).toMatchObject({ type: 'blocked', code: 'test_block' });
      expect(model.requests.length).toBe(before);
      expect(moderation.checked.at(-1)).toBe(`hello ${HARMFUL}`);
      const after = await messages(user, chatId);
      expect(after.find((message) => message.id === question.id)?.status).toBe('blocked');
      // The blocked text never goes into a later prompt either.
      await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'something else' });
      expect(promptsReachingModel().some((text) => text.includes(HARMFUL))).toBe(false);
    });
  }

  it('regenerate does not check an already-checked message again (one strike per text)', async () => {
    const { user, chatId } = await setup();
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'hello there' });
    expect(moderation.checked).toEqual(['hello there']);
    expect(parseSse((await inject(user, 'POST', `/api/chats/${chatId}/regenerate`)).body).at(-1)?.type).toBe(
      'finish',
    );
    expect(moderation.checked).toEqual(['hello there']);
  });

  it('an imported, never-checked user message is checked once, then remembered as checked', async () => {
    const { user, chatId } = await setup();
    const now = new Date().toISOString();
    await testApp.services.db.kysely
      .insertInto('messages')
      .values({
        id: newId(),
        chat_id: chatId,
        role: 'user',
        content: 'an imported question',
        status: 'complete',
        swipes: JSON.stringify([{ content: 'an imported question', status: 'complete', createdAt: now }]),
        swipe_index: 0,
        kind: null,
        media: '[]',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await inject(user, 'POST', `/api/chats/${chatId}/regenerate`);
    await inject(user, 'POST', `/api/chats/${chatId}/regenerate`);
    expect(moderation.checked).toEqual(['an imported question']);
  });
});
