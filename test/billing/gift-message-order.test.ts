import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, signUpTestUser, type TestApp, type TestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

const eventLoopTurns = async (count: number) => {
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => setImmediate(resolve));
};

// The chat reloads its messages when POST /api/gifts answers, so the gift message must exist by then.
describeEachDialect('a gift is in the chat before the gift request answers', (dialect) => {
  let t: TestApp;
  let buyer: TestUser;

  beforeEach(async () => {
    t = await createTestApp(dialect);
    buyer = await signUpTestUser(t.app);
    const creator = await signUpTestUser(t.app);
    t.services.billing.hooks.resolveChatRecipient = async () => ({
      characterId: 'char-1',
      creatorUserId: creator.id,
    });
  });
  afterEach(async () => t.close());

  it('answers only after onGiftSent finished', async () => {
    const admin = await signUpTestUser(t.app);
    await t.services.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', admin.id)
      .execute();
    const granted = await t.app.inject({
      method: 'POST',
      url: '/api/admin/credits/grant',
      headers: { ...admin.headers, 'idempotency-key': 'grant-key-0001' },
      payload: { email: buyer.email, amount: 50, reason: 'test grant' },
    });
    expect(granted.statusCode).toBe(201);

    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const hookEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    t.services.billing.hooks.onGiftSent = async () => {
      entered();
      await gate;
    };
    let isAnswered = false;
    const pending = t.app
      .inject({
        method: 'POST',
        url: '/api/gifts',
        headers: { ...buyer.headers, 'idempotency-key': 'gift-key-0001' },
        payload: { chatId: 'chat-a', giftId: 'rose' },
      })
      .then((response) => {
        isAnswered = true;
        return response;
      });
    await hookEntered;
    await eventLoopTurns(20);
    expect(isAnswered).toBe(false);
    release();
    const response = await pending;
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBe('false');
    expect(response.json()).toMatchObject({ balance: 40, credits: 10 });
  });
});
