import type { AddressInfo } from 'node:net';
import { newId } from '../src/ids.js';
import { createTestApp, signUpTestUser } from '../test/helpers/app.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../test/helpers/fake-chat.js';
import { factsJson, fakeLanguageModel } from '../test/memory/fake-models.js';
import { type SseClientTask, streamTurnsFromClient } from '../test/helpers/sse-client.js';
import { type Bench, type BenchResult, percentile, sampleMs } from './types.js';

/**
 * Chat pipeline costs (issue 5 §7): time to first token through HTTP + the whole pipeline against the
 * same fake provider called directly; 500 concurrent streams on SQLite; a 5,000-message history page.
 * Streaming clients run on a worker thread, as a real client runs outside the server's process.
 */
/** First-token times of turns streamed by a client on another thread, as a real client is. */
async function firstTokens(
  task: Omit<SseClientTask, 'body'>,
): Promise<{ samples: number[]; errors: number }> {
  const { results, errors } = await streamTurnsFromClient({
    ...task,
    body: { content: 'Hello there, how was your day?' },
  });
  return { samples: results.map((result) => result.firstToken), errors };
}

async function directFirstToken(model: FakeLanguageModel): Promise<number> {
  const start = performance.now();
  for await (const chunk of model.stream(
    { messages: [{ role: 'user', content: 'Hello' }] },
    new AbortController().signal,
  )) {
    if (chunk.type === 'text-delta') return performance.now() - start;
  }
  return Number.NaN;
}

const bench: Bench = {
  name: 'chat: pipeline overhead, concurrency, history',
  async run() {
    const results: BenchResult[] = [];
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    const model = new FakeLanguageModel([['Fine', ' thanks', ', and', ' you?']]);
    const testApp = await createTestApp('sqlite', {
      env: { HEARTH_RATE_LIMIT_PER_MINUTE: '1000000', HEARTH_BASIC_DAILY_MESSAGES: '1000000' },
      chat: { characters, models: fakeModels(model) },
      // Memory's background jobs get a model that answers like a working one: valid JSON (no new
      // facts) to extraction, a sentence to summaries. The chat fake's fixed reply would fail every
      // extraction twice, a failure path rather than the steady state.
      memoryModel: fakeLanguageModel([
        (request) => (request.jsonSchema ? factsJson([]) : 'They talked about their day.'),
      ]),
    });
    try {
      const user = await signUpTestUser(testApp.app);
      await testApp.app.listen({ port: 0, host: '127.0.0.1' });
      const origin = `http://127.0.0.1:${(testApp.app.server.address() as AddressInfo).port}`;
      const headers = { ...user.headers, origin };
      const openChat = async () =>
        (
          await testApp.app.inject({
            method: 'POST',
            url: '/api/chats',
            payload: { characterId: 'luna' },
            headers: user.headers,
          })
        ).json().chat.id as string;

      // 1. Time to first token: full pipeline over HTTP vs the provider alone.
      const chatId = await openChat();
      const { samples: viaHttp } = await firstTokens({
        urls: [`${origin}/api/chats/${chatId}/messages`],
        headers,
        mode: 'sequential',
        // Steady state: the first few dozen turns still run code the JIT has not optimised yet.
        warmup: 50,
        count: 200,
      });
      const direct = await sampleMs(() => directFirstToken(model), 200, 10);
      for (const p of [50, 95]) {
        results.push({
          name: `time to first token p${p} (HTTP + pipeline, SQLite)`,
          value: percentile(viaHttp, p),
          unit: 'ms',
          baseline: { name: `same fake provider called directly p${p}`, value: percentile(direct, p) },
          target: p === 50 ? 'overhead ≤ 5 ms' : 'overhead ≤ 15 ms',
        });
      }

      // 2. 500 concurrent streaming chats.
      const slowModel = new FakeLanguageModel([['One', ' two', ' three', ' four', ' five']], 20);
      testApp.services.chat.models.resolve = () => slowModel;
      const chatIds = await Promise.all(Array.from({ length: 500 }, openChat));
      const {
        samples: [single],
      } = await firstTokens({
        urls: [`${origin}/api/chats/${chatIds[0]}/messages`],
        headers,
        mode: 'sequential',
      });
      const { samples: concurrent, errors } = await firstTokens({
        urls: chatIds.map((id) => `${origin}/api/chats/${id}/messages`),
        headers,
        mode: 'concurrent',
      });
      results.push({ name: '500 concurrent streams: errors', value: errors, unit: 'count', target: '0' });
      results.push({
        name: '500 concurrent streams: TTFT p95',
        value: percentile(concurrent.filter(Number.isFinite), 95),
        unit: 'ms',
        baseline: { name: 'one stream alone', value: single },
      });

      // 3. History page of a 5,000-message chat.
      const longChat = await openChat();
      const now = new Date().toISOString();
      const rows = Array.from({ length: 5000 }, (_, index) => ({
        id: newId(),
        chat_id: longChat,
        role: index % 2 ? ('assistant' as const) : ('user' as const),
        content: `Message number ${index} with a realistic amount of text in it, about one sentence long.`,
        status: 'complete' as const,
        swipes: '[]',
        swipe_index: 0,
        kind: null,
        media: '[]',
        created_at: now,
        updated_at: now,
      }));
      for (let start = 0; start < rows.length; start += 500) {
        await testApp.services.db.kysely
          .insertInto('messages')
          .values(rows.slice(start, start + 500))
          .execute();
      }
      const page = await sampleMs(async () => {
        const response = await fetch(`${origin}/api/chats/${longChat}/messages?limit=50`, { headers });
        await response.arrayBuffer();
      }, 200);
      const health = await sampleMs(async () => (await fetch(`${origin}/healthz`)).arrayBuffer(), 200);
      results.push({
        name: 'history page (50 of 5,000 messages) p95',
        value: percentile(page, 95),
        unit: 'ms',
        baseline: { name: 'GET /healthz p95', value: percentile(health, 95) },
      });
    } finally {
      await testApp.close();
    }
    return results;
  },
};
export default bench;
