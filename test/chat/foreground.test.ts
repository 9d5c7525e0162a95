import { afterEach, expect, it } from 'vitest';
import { type TestApp, createTestApp, signUpTestUser } from '../helpers/app.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';

let testApp: TestApp;
afterEach(() => testApp?.close());

it('counts a request as foreground work from arrival to its last byte, so memory jobs wait', async () => {
  const characters = new FakeCharacters();
  characters.add({ id: 'luna', name: 'Luna' });
  const slow = new FakeLanguageModel([['One.', ' Two.', ' Three.']], 40);
  testApp = await createTestApp('sqlite', { chat: { characters, models: fakeModels(slow) } });
  const user = await signUpTestUser(testApp.app);
  const { foreground } = testApp.services;
  const chatId = (
    await testApp.app.inject({
      method: 'POST',
      url: '/api/chats',
      payload: { characterId: 'luna' },
      headers: user.headers,
    })
  ).json().chat.id;
  expect(foreground.active).toBe(0);

  const turn = testApp.app.inject({
    method: 'POST',
    url: `/api/chats/${chatId}/messages`,
    payload: { content: 'Count for me' },
    headers: user.headers,
  });
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(foreground.active).toBeGreaterThan(0);
  let quietAt = 0;
  const quiet = foreground.whenQuiet(10_000).then(() => {
    quietAt = performance.now();
  });
  const response = await turn;
  const doneAt = performance.now();
  await quiet;
  expect(response.statusCode).toBe(200);
  expect(foreground.active).toBe(0);
  // Background work was held until the streamed reply ended.
  expect(quietAt).toBeGreaterThanOrEqual(doneAt - 5);
});
