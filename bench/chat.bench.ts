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
/**
 * A user's side of an ordinary conversation, sent in turn: each message shares words with a few stored
 * turns, as in real chats. (Written for this bench; the repeated-message run is the worst case.)
 */
export const CONVERSATION = [
  'Hello there, how was your day?',
  'I finally finished painting the kitchen, it took all weekend.',
  'My sister is visiting next month with her two kids.',
  'Do you think I should learn the guitar or the piano?',
  'Work was stressful, my manager moved the deadline again.',
  'I made a lemon cake for the first time and it actually worked.',
  'The train was late so I walked home through the park.',
  'What kind of music do you like when you want to relax?',
  'I adopted a cat from the shelter, she is called Pepper.',
  'Pepper knocked my coffee off the desk this morning.',
  'I am thinking about running a half marathon in spring.',
  'My knee hurts a bit after yesterday’s run.',
  'We had a team lunch at the new ramen place downtown.',
  'I started reading a novel about a lighthouse keeper.',
  'It rained all day, so I stayed in and watched old films.',
  'My best friend just got engaged, I am so happy for her.',
  'Can you help me plan a small birthday dinner?',
  'I want to cook something Italian, maybe a risotto.',
  'The garden tomatoes are finally turning red.',
  'I booked a trip to Lisbon for the autumn holidays.',
  'Have you ever wanted to see the northern lights?',
  'I fixed the bike chain myself, very proud of that.',
  'My neighbour plays the drums late at night.',
  'I signed up for a pottery class on Thursdays.',
  'The first pottery class was messy but fun.',
  'I keep forgetting to water the basil on the balcony.',
  'My mother called, she wants to learn to use video chat.',
  'I tried meditation for ten minutes before bed.',
  'The new phone camera takes great photos at night.',
  'I found an old photo album from primary school.',
  'Do you remember the name of my cat?',
  'I need a gift idea for my dad, he loves fishing.',
  'We went to the coast and the sea was freezing.',
  'I am learning to make sourdough bread, the starter is alive.',
  'My presentation went better than I expected.',
  'I can’t decide between a green or a blue sofa.',
  'The library is having a used book sale on Saturday.',
  'I finally called the dentist to book that appointment.',
  'It was my turn to host board game night.',
  'Thank you for listening, talking to you helps.',
].map((content) => ({ content }));

/** First-token times of turns streamed by a client on another thread, as a real client is. */
async function firstTokens(task: SseClientTask): Promise<{ samples: number[]; errors: number }> {
  const { results, errors } = await streamTurnsFromClient(task);
  return { samples: results.map((result) => result.firstToken), errors };
}

const REPEATED = { content: 'Hello there, how was your day?' };

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
      const openChat = async (owner = user.headers) =>
        (
          await testApp.app.inject({
            method: 'POST',
            url: '/api/chats',
            payload: { characterId: 'luna' },
            headers: owner,
          })
        ).json().chat.id as string;

      // 1. Time to first token: full pipeline over HTTP vs the provider alone. Each conversation has
      // its own user, so its own memory. Steady state: 50 warm-up turns first (the JIT, and memory).
      const timeToFirstToken = async (label: string, bodies: object[]) => {
        const other = await signUpTestUser(testApp.app);
        const chat = await openChat(other.headers);
        const { samples } = await firstTokens({
          urls: [`${origin}/api/chats/${chat}/messages`],
          headers: { ...other.headers, origin },
          body: bodies[0],
          bodies,
          mode: 'sequential',
          warmup: 50,
          count: 200,
        });
        for (const p of [50, 95]) {
          results.push({
            name: `time to first token p${p} (HTTP + pipeline, SQLite, ${label})`,
            value: percentile(samples, p),
            unit: 'ms',
            baseline: { name: `same fake provider called directly p${p}`, value: percentile(direct, p) },
            target: p === 50 ? 'overhead ≤ 5 ms' : 'overhead ≤ 15 ms',
          });
        }
      };
      const direct = await sampleMs(() => directFirstToken(model), 200, 10);
      await timeToFirstToken('a varied conversation', CONVERSATION);
      await timeToFirstToken('one message repeated, so every stored turn matches recall: worst case', [
        REPEATED,
      ]);

      // 2. 500 concurrent streaming chats.
      const slowModel = new FakeLanguageModel([['One', ' two', ' three', ' four', ' five']], 20);
      testApp.services.chat.models.resolve = () => slowModel;
      const chatIds = await Promise.all(Array.from({ length: 500 }, openChat));
      const {
        samples: [single],
      } = await firstTokens({
        urls: [`${origin}/api/chats/${chatIds[0]}/messages`],
        headers,
        body: REPEATED,
        mode: 'sequential',
      });
      const { samples: concurrent, errors } = await firstTokens({
        urls: chatIds.map((id) => `${origin}/api/chats/${id}/messages`),
        headers,
        body: REPEATED,
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
