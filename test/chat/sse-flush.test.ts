import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { creditsOff } from '../../src/chat/stages.js';
import { type TestApp, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';
import { streamTurnsFromClient } from '../helpers/sse-client.js';

describeEachDialect('SSE delivery', (dialect) => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());

  it('sends the first token when it is written, not after the turn finishes its work', async () => {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    // A provider that answers at once, then slow synchronous work after the reply (settling).
    const model = new FakeLanguageModel([['Hi', ' there', '.']]);
    testApp = await createTestApp(dialect, {
      chat: {
        characters,
        models: fakeModels(model),
        stages: {
          credits: {
            ...creditsOff,
            async settle() {
              const until = performance.now() + 300;
              while (performance.now() < until) {
                // Holds the event loop, as heavy persistence work would.
              }
            },
          },
        },
      },
      memoryModel: null,
    });
    const user = await signUpTestUser(testApp.app);
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(testApp.app.server.address() as AddressInfo).port}`;
    const chat = await testApp.app.inject({
      method: 'POST',
      url: '/api/chats',
      payload: { characterId: 'luna' },
      headers: user.headers,
    });

    const {
      results: [result],
    } = await streamTurnsFromClient({
      urls: [`${origin}/api/chats/${chat.json().chat.id}/messages`],
      headers: { ...user.headers, origin },
      body: { content: 'Hello' },
      mode: 'sequential',
      keepText: true,
    });

    expect(result!.text).toContain('"type":"finish"');
    expect(result!.end).toBeGreaterThan(300);
    // Before the fix the first token waited for the socket to be uncorked on the next tick, i.e.
    // until the 300 ms of settling were over.
    expect(result!.firstToken).toBeLessThan(result!.end - 200);
  });
});
