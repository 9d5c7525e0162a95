import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { ChatChunk, ChatRequest, LanguageModel } from '../../src/providers/spec.js';
import { createTestApp, signUpTestUser, type TestApp, type TestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, fakeModels } from '../helpers/fake-chat.js';

/** A model whose replies wait until the test opens the gate; tells when each stream has started. */
class GatedModel implements LanguageModel {
  readonly id = 'gated-model';
  readonly contextSize = 4096;
  started = 0;
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  private readonly waiters: { count: number; resolve(): void }[] = [];

  async *stream(_request: ChatRequest, _signal: AbortSignal): AsyncIterable<ChatChunk> {
    this.started += 1;
    for (const waiter of this.waiters) if (this.started >= waiter.count) waiter.resolve();
    await this.gate;
    yield { type: 'text-delta', text: 'Done.' };
    yield { type: 'finish', finishReason: 'stop' };
  }

  untilStarted(count: number): Promise<void> {
    if (this.started >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  release(): void {
    this.open();
  }
}

// Issue 13 item 12: one account ran 200 parallel turns against the model server.
describeEachDialect('issue 13 item 12: concurrent turns per user', (dialect) => {
  let test: TestApp;
  afterEach(async () => test?.close());

  async function setup() {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    const model = new GatedModel();
    test = await createTestApp(dialect, {
      env: { HEARTH_MAX_CONCURRENT_TURNS: '2' },
      chat: { characters, models: fakeModels(model) },
    });
    return model;
  }

  const openChat = async (user: TestUser) =>
    (
      await test.app.inject({
        method: 'POST',
        url: '/api/chats',
        headers: user.headers,
        payload: { characterId: 'luna' },
      })
    ).json().chat.id as string;
  const send = (user: TestUser, chatId: string, content = 'Hello there') =>
    test.app.inject({
      method: 'POST',
      url: `/api/chats/${chatId}/messages`,
      headers: user.headers,
      payload: { content },
    });
  const countMessages = async () =>
    Number(
      (
        await test.services.db.kysely
          .selectFrom('messages')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers 429 rate_limited with Retry-After on every turn route beyond the cap, writing nothing', async () => {
    const model = await setup();
    const user = await signUpTestUser(test.app);
    const other = await signUpTestUser(test.app);
    const chats = [await openChat(user), await openChat(user), await openChat(user)];
    const running = [send(user, chats[0]), send(user, chats[1])];
    await model.untilStarted(2);
    const before = await countMessages();

    const rejected = [
      await send(user, chats[2]),
      await test.app.inject({
        method: 'POST',
        url: `/api/chats/${chats[0]}/regenerate`,
        headers: user.headers,
      }),
      await test.app.inject({
        method: 'POST',
        url: `/api/chats/${chats[0]}/continue`,
        headers: user.headers,
      }),
      await test.app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: user.headers,
        payload: { model: 'luna', messages: [{ role: 'user', content: 'Hi' }] },
      }),
    ];
    for (const response of rejected) {
      expect(response.statusCode).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(rejected[0].json().error.code).toBe('rate_limited');
    expect(rejected[3].json().error.code).toBe('rate_limited'); // OpenAI's shape keeps the code
    expect(await countMessages()).toBe(before);
    expect(await test.services.db.kysely.selectFrom('chats').selectAll().execute()).toHaveLength(3);

    // Another user is not affected by this one's cap.
    const otherChat = await openChat(other);
    const otherTurn = send(other, otherChat);
    await model.untilStarted(3);

    model.release();
    for (const response of [...(await Promise.all(running)), await otherTurn]) {
      expect(response.statusCode).toBe(200);
    }
    // Slots are given back when the replies end.
    const again = await send(user, chats[2]);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('"finish"');
  });
});
