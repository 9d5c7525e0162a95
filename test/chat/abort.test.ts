import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { type TestApp, createTestApp, signUpTestUser } from '../helpers/app.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';

let testApp: TestApp;
afterEach(() => testApp?.close());

/** Opens a real HTTP stream, waits for `deltas` text deltas, then drops the connection. */
function streamThenDisconnect(port: number, path: string, headers: Record<string, string>, deltas: number) {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
      },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`stream answered ${response.statusCode}`));
        let seen = 0;
        response.on('data', (chunk: Buffer) => {
          seen += chunk.toString().split('"type":"text-delta"').length - 1;
          if (seen >= deltas) {
            const disconnectedAt = performance.now();
            request.destroy();
            resolve(disconnectedAt);
          }
        });
        response.on('error', () => {});
      },
    );
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
    request.end(JSON.stringify({ content: 'Tell me everything' }));
  });
}

it('a client disconnect aborts inference within 100 ms and keeps the partial reply as stopped', async () => {
  const characters = new FakeCharacters();
  characters.add({ id: 'luna', name: 'Luna' });
  const model = new FakeLanguageModel([Array.from({ length: 200 }, (_, index) => `word${index} `)], 20);
  testApp = await createTestApp('sqlite', { chat: { characters, models: fakeModels(model) } });
  const user = await signUpTestUser(testApp.app);
  const chat = await testApp.app.inject({
    method: 'POST',
    url: '/api/chats',
    payload: { characterId: 'luna' },
    headers: user.headers,
  });
  const chatId = chat.json().chat.id;
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;

  const headers = { ...user.headers, origin: `http://127.0.0.1:${port}` };
  const disconnectedAt = await streamThenDisconnect(port, `/api/chats/${chatId}/messages`, headers, 3);
  await expect.poll(() => model.abortedAt, { timeout: 2000, interval: 5 }).not.toBeNull();
  expect(model.abortedAt! - disconnectedAt).toBeLessThan(100);

  await expect
    .poll(async () => {
      const page = await testApp.app.inject({ url: `/api/chats/${chatId}/messages`, headers: user.headers });
      return page.json().messages[0];
    })
    .toMatchObject({ role: 'assistant', status: 'stopped' });
  const page = await testApp.app.inject({ url: `/api/chats/${chatId}/messages`, headers: user.headers });
  const partial = page.json().messages[0].content as string;
  expect(partial.startsWith('word0 word1 word2')).toBe(true);
  expect(partial).not.toContain('word199');
});
