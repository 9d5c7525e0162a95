import { afterEach, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';

const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

// Issue 20 item 1: personas — several per user, one default, per chat, into the prompt as {{user}}.
describeEachDialect('issue 20 item 1: personas', (dialect) => {
  let testApp: TestApp;
  let characters: FakeCharacters;
  afterEach(() => testApp?.close());

  async function setup() {
    characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna', greetingText: 'Hello {{user}}!' });
    testApp = await createTestApp(dialect, {
      chat: { characters, models: fakeModels(new FakeLanguageModel([['Hi', '.']])) },
    });
    return signUpTestUser(testApp.app, { displayName: 'Account Name' });
  }

  const inject = (
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => testApp.app.inject({ method, url, payload, headers: user.headers });

  async function createPersona(user: TestUser, body: object) {
    const response = await inject(user, 'POST', '/api/personas', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().persona as { id: string; isDefault: boolean; name: string };
  }

  it('keeps several personas with exactly one default, which moves on request and on delete', async () => {
    const user = await setup();
    const first = await createPersona(user, { name: 'Robin', description: 'A sailor.', pronouns: 'she/her' });
    const second = await createPersona(user, { name: 'Ash', avatar: PIXEL });
    expect(first.isDefault).toBe(true);
    expect(second.isDefault).toBe(false);

    const patched = await inject(user, 'PATCH', `/api/personas/${second.id}`, {
      isDefault: true,
      name: 'Ashley',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().persona).toMatchObject({ name: 'Ashley', isDefault: true, avatarUrl: PIXEL });
    let list = (await inject(user, 'GET', '/api/personas')).json().personas;
    expect(
      list.filter((persona: { isDefault: boolean }) => persona.isDefault).map((p: { id: string }) => p.id),
    ).toEqual([second.id]);

    expect((await inject(user, 'DELETE', `/api/personas/${second.id}`)).statusCode).toBe(204);
    list = (await inject(user, 'GET', '/api/personas')).json().personas;
    expect(list).toMatchObject([{ id: first.id, isDefault: true }]);
  });

  it('rejects bad input with stable codes and writes nothing', async () => {
    const user = await setup();
    const cases = [
      { name: '' },
      { name: 'A', avatar: 'https://evil.example/x.png' },
      { name: 'A', avatar: `data:image/png;base64,${'A'.repeat(300 * 1024)}` },
      { name: 'A', unknown: 1 },
    ];
    for (const body of cases) {
      const response = await inject(user, 'POST', '/api/personas', body);
      expect([400, 413]).toContain(response.statusCode);
      expect(response.json().error.code).toMatch(/^(validation_failed|payload_too_large)$/);
    }
    expect((await inject(user, 'GET', '/api/personas')).json().personas).toEqual([]);
    expect((await inject(user, 'PATCH', '/api/personas/nope', { name: 'X' })).json().error.code).toBe(
      'persona_not_found',
    );
  });

  it("user B can neither see, change, delete nor chat as user A's persona", async () => {
    const alice = await setup();
    const bob = await signUpTestUser(testApp.app);
    const persona = await createPersona(alice, { name: 'Robin' });
    expect((await inject(bob, 'GET', '/api/personas')).json().personas).toEqual([]);
    expect((await inject(bob, 'PATCH', `/api/personas/${persona.id}`, { name: 'Mallory' })).statusCode).toBe(
      404,
    );
    expect((await inject(bob, 'DELETE', `/api/personas/${persona.id}`)).statusCode).toBe(404);
    const chat = await inject(bob, 'POST', '/api/chats', { characterId: 'luna', personaId: persona.id });
    expect(chat.statusCode).toBe(404);
    expect(chat.json().error.code).toBe('persona_not_found');
    const own = (await inject(bob, 'POST', '/api/chats', { characterId: 'luna' })).json().chat.id;
    const switched = await inject(bob, 'PATCH', `/api/chats/${own}`, { personaId: persona.id });
    expect(switched.json().error.code).toBe('persona_not_found');
    expect((await inject(alice, 'GET', '/api/personas')).json().personas[0].name).toBe('Robin');
  });

  it('a chat speaks as the default persona, can switch, and the prompt gets the persona', async () => {
    const user = await setup();
    const robin = await createPersona(user, { name: 'Robin', description: 'A sailor.', pronouns: 'she/her' });
    const ash = await createPersona(user, { name: 'Ash' });
    const created = await inject(user, 'POST', '/api/chats', { characterId: 'luna' });
    const chatId = created.json().chat.id;
    // The greeting's {{user}} is the persona's name, not the account's.
    const history = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(history[0].content).toBe('Hello Robin!');

    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Hi' });
    expect(characters.promptInputs.at(-1)?.persona).toEqual({
      name: 'Robin',
      description: 'A sailor.',
      pronouns: 'she/her',
    });

    const switched = await inject(user, 'PATCH', `/api/chats/${chatId}`, { personaId: ash.id });
    expect(switched.json().chat.personaId).toBe(ash.id);
    await inject(user, 'POST', `/api/chats/${chatId}/regenerate`);
    expect(characters.promptInputs.at(-1)?.persona?.name).toBe('Ash');

    // Deleting the chat's persona falls back to the default (Robin) rather than failing the chat.
    await inject(user, 'DELETE', `/api/personas/${ash.id}`);
    await inject(user, 'POST', `/api/chats/${chatId}/regenerate`);
    expect(characters.promptInputs.at(-1)?.persona?.name).toBe(robin.name);
  });

  it('without personas the account name is the user and no persona block is sent', async () => {
    const user = await setup();
    const chatId = (await inject(user, 'POST', '/api/chats', { characterId: 'luna' })).json().chat.id;
    const history = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(history[0].content).toBe('Hello Account Name!');
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Hi' });
    expect(characters.promptInputs.at(-1)?.persona).toBeNull();
  });
});
