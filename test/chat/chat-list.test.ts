import { afterEach, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';

// Issue 20 items 3, 4 and 7: chat settings, alternate greetings and a chat list that tells chats apart.
describeEachDialect('issue 20: chat list, settings and greetings', (dialect) => {
  let testApp: TestApp;
  let characters: FakeCharacters;
  afterEach(() => testApp?.close());

  async function setup() {
    characters = new FakeCharacters();
    characters.add({
      id: 'luna',
      name: 'Luna',
      greetingText: 'Hello {{user}}.',
      alternateGreetings: ['Evening, {{user}}.', 'You again, {{user}}?'],
    });
    testApp = await createTestApp(dialect, {
      chat: { characters, models: fakeModels(new FakeLanguageModel([['A reply.']])) },
    });
    return signUpTestUser(testApp.app, { displayName: 'Sam' });
  }

  const inject = (
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => testApp.app.inject({ method, url, payload, headers: user.headers });
  const openChat = async (user: TestUser) =>
    (await inject(user, 'POST', '/api/chats', { characterId: 'luna' })).json().chat.id as string;

  it('item 4: a new chat offers every greeting as a swipe of its first message', async () => {
    const user = await setup();
    const chatId = await openChat(user);
    const [greeting] = (await inject(user, 'GET', `/api/chats/${chatId}/messages`)).json().messages;
    expect(greeting).toMatchObject({ content: 'Hello Sam.', swipeIndex: 0, swipeCount: 3 });
    const swiped = await inject(user, 'POST', `/api/messages/${greeting.id}/swipe`, { index: 2 });
    expect(swiped.json().message.content).toBe('You again, Sam?');
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Yes, me.' });
    // The chosen greeting is the one the model sees.
    expect(characters.promptInputs.at(-1)?.history[0]).toEqual({
      role: 'assistant',
      content: 'You again, Sam?',
    });
  });

  it('item 7: titles, previews, unread, pin, archive, folders and tags', async () => {
    const user = await setup();
    const first = await openChat(user);
    const second = await openChat(user);
    const third = await openChat(user);
    await inject(user, 'POST', `/api/chats/${first}/messages`, {
      content: 'Tell me everything about the old lighthouse on the northern cliffs, please, in detail',
    });
    await inject(user, 'PATCH', `/api/chats/${second}`, {
      title: 'My name',
      pinned: true,
      folder: 'Work',
      tags: ['Drama', 'drama', 'x'],
    });
    await inject(user, 'POST', `/api/chats/${second}/messages`, { content: 'Second chat here' });
    await inject(user, 'PATCH', `/api/chats/${third}`, { archived: true });

    let list = (await inject(user, 'GET', '/api/chats')).json().chats;
    expect(list.map((chat: { id: string }) => chat.id)).toEqual([second, first]);
    expect(list[0]).toMatchObject({
      title: 'My name',
      pinned: true,
      folder: 'Work',
      tags: ['drama', 'x'],
      unread: true,
      lastMessage: { role: 'assistant', preview: 'A reply.' },
    });
    expect(list[1].title).toBe('Tell me everything about the old lighthouse on the northern…');

    expect((await inject(user, 'POST', `/api/chats/${second}/read`)).statusCode).toBe(204);
    list = (await inject(user, 'GET', '/api/chats')).json().chats;
    expect(list[0].unread).toBe(false);
    expect(list[1].unread).toBe(true);

    const archived = (await inject(user, 'GET', '/api/chats?archived=true')).json().chats;
    expect(archived.map((chat: { id: string }) => chat.id)).toEqual([third]);
    expect(archived[0].lastMessage).toMatchObject({ role: 'assistant', preview: 'Hello Sam.' });
    const inFolder = (await inject(user, 'GET', '/api/chats?folder=Work')).json().chats;
    expect(inFolder.map((chat: { id: string }) => chat.id)).toEqual([second]);
    const tagged = (await inject(user, 'GET', '/api/chats?tag=DRAMA')).json().chats;
    expect(tagged.map((chat: { id: string }) => chat.id)).toEqual([second]);
    expect((await inject(user, 'GET', '/api/chats?tag=dr')).json().chats).toEqual([]);
    expect((await inject(user, 'GET', '/api/chats/folders')).json()).toEqual({
      folders: ['Work'],
      tags: ['drama', 'x'],
    });
  });

  it('item 3: the author note is stored per chat and reaches the prompt', async () => {
    const user = await setup();
    const chatId = await openChat(user);
    const note = { text: 'Keep it short.', depth: 2, frequency: 1 };
    const patched = await inject(user, 'PATCH', `/api/chats/${chatId}`, { authorNote: note });
    expect(patched.json().chat.authorNote).toEqual(note);
    await inject(user, 'POST', `/api/chats/${chatId}/messages`, { content: 'Hi' });
    expect(characters.promptInputs.at(-1)?.authorNote).toEqual(note);
    const bad = await inject(user, 'PATCH', `/api/chats/${chatId}`, { authorNote: { ...note, depth: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it("user B cannot change, read-mark or list user A's chats", async () => {
    const alice = await setup();
    const bob = await signUpTestUser(testApp.app);
    const chatId = await openChat(alice);
    expect((await inject(bob, 'PATCH', `/api/chats/${chatId}`, { pinned: true })).statusCode).toBe(404);
    expect((await inject(bob, 'POST', `/api/chats/${chatId}/read`)).statusCode).toBe(404);
    expect((await inject(bob, 'GET', '/api/chats')).json().chats).toEqual([]);
    expect((await inject(alice, 'GET', '/api/chats')).json().chats[0].pinned).toBe(false);
  });
});
