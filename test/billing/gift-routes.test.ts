import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyLedger } from '../../src/billing/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createTestApp, signUpTestUser, type TestApp, type TestUser } from '../helpers/app.js';
import { walletOf } from './billing-fixtures.js';

describeEachDialect('gifts and idempotency over HTTP', (dialect) => {
  let t: TestApp;
  let buyer: TestUser;
  let creator: TestUser;
  let admin: TestUser;
  const gifts: Array<{ chatId: string; giftId: string; saleId: string }> = [];

  beforeEach(async () => {
    t = await createTestApp(dialect);
    buyer = await signUpTestUser(t.app);
    creator = await signUpTestUser(t.app);
    admin = await signUpTestUser(t.app);
    await t.services.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', admin.id)
      .execute();
    gifts.length = 0;
    t.services.billing.hooks.resolveChatRecipient = async (chatId, actor) =>
      chatId === 'chat-a' && actor.userId === buyer.id
        ? { characterId: 'char-1', creatorUserId: creator.id }
        : null;
    t.services.billing.hooks.onGiftSent = ({ chatId, gift, saleId }) => {
      gifts.push({ chatId, giftId: gift.id, saleId });
    };
  });
  afterEach(async () => t.close());

  const grant = (amount: number, key = `grant-${Math.random()}`) =>
    t.app.inject({
      method: 'POST',
      url: '/api/admin/credits/grant',
      headers: { ...admin.headers, 'idempotency-key': key },
      payload: { email: buyer.email, amount, reason: 'welcome bonus' },
    });
  const sendGift = (key: string | undefined, payload: unknown, user = buyer) =>
    t.app.inject({
      method: 'POST',
      url: '/api/gifts',
      headers: { ...user.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const ledgerCount = async () => (await verifyLedger(t.services.db.kysely)).transactions;

  it('a gift charges the sender, credits the creator exactly 80% and shows in the chat once', async () => {
    expect((await grant(200)).statusCode).toBe(201);
    const response = await sendGift('gift-key-0001', { chatId: 'chat-a', giftId: 'teddy-bear' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ credits: 100, balance: 100, gift: { id: 'teddy-bear' } });
    expect(await walletOf(t.services.db, buyer.id)).toBe(100);
    const earnings = await t.app.inject({
      method: 'GET',
      url: '/api/creator/earnings',
      headers: creator.headers,
    });
    expect(earnings.json().balance).toBe(80);
    expect(gifts).toEqual([{ chatId: 'chat-a', giftId: 'teddy-bear', saleId: response.json().saleId }]);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('replaying the same Idempotency-Key returns the stored response and charges once', async () => {
    await grant(200);
    const first = await sendGift('gift-key-0002', { chatId: 'chat-a', giftId: 'rose' });
    for (let index = 0; index < 5; index += 1) {
      const replay = await sendGift('gift-key-0002', { giftId: 'rose', chatId: 'chat-a' });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
    }
    expect(await walletOf(t.services.db, buyer.id)).toBe(190);
    expect(gifts).toHaveLength(1);
  });

  it('the same key sent 50 times in parallel charges once', async () => {
    await grant(200);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => sendGift('gift-key-parallel', { chatId: 'chat-a', giftId: 'coffee' })),
    );
    const codes = responses.map((response) => response.statusCode);
    expect(codes.every((code) => code === 201 || code === 409)).toBe(true);
    expect(codes.filter((code) => code === 201).length).toBeGreaterThanOrEqual(1);
    expect(await walletOf(t.services.db, buyer.id)).toBe(175);
    expect(gifts).toHaveLength(1);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('the same key with a different body is a 409 and writes nothing', async () => {
    await grant(200);
    await sendGift('gift-key-0003', { chatId: 'chat-a', giftId: 'rose' });
    const before = await ledgerCount();
    const reused = await sendGift('gift-key-0003', { chatId: 'chat-a', giftId: 'ring' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('idempotency_key_reused');
    expect(await ledgerCount()).toBe(before);
  });

  it('bad input is a 4xx with a stable code and no ledger entry', async () => {
    await grant(200);
    const before = await ledgerCount();
    const cases: Array<[string | undefined, unknown, number, string, TestUser?]> = [
      [undefined, { chatId: 'chat-a', giftId: 'rose' }, 400, 'idempotency_key_required'],
      ['short', { chatId: 'chat-a', giftId: 'rose' }, 400, 'idempotency_key_required'],
      ['gift-key-bad-1', { chatId: 'chat-a', giftId: 'unicorn' }, 404, 'unknown_gift'],
      ['gift-key-bad-2', { chatId: 'chat-b', giftId: 'rose' }, 404, 'chat_not_found'],
      ['gift-key-bad-3', { chatId: 'chat-a', giftId: 'rose', amount: 5 }, 400, 'validation_failed'],
      ['gift-key-bad-4', { chatId: 'chat-a' }, 400, 'validation_failed'],
      // Someone else's chat: the lookup refuses the creator as actor.
      ['gift-key-bad-5', { chatId: 'chat-a', giftId: 'rose' }, 404, 'chat_not_found', creator],
    ];
    for (const [key, payload, status, code, user] of cases) {
      const response = await sendGift(key, payload, user);
      expect([response.statusCode, response.json().error.code]).toEqual([status, code]);
    }
    const poor = await sendGift('gift-key-bad-6', { chatId: 'chat-a', giftId: 'ring' });
    expect([poor.statusCode, poor.json().error.code]).toEqual([402, 'insufficient_credits']);
    expect(poor.json().error.details.buyUrl).toBe('/wallet?buy=1');
    expect(await ledgerCount()).toBe(before);
    expect(gifts).toHaveLength(0);
  });

  it('admin grants reject negative and fractional amounts and non-admins', async () => {
    for (const amount of [-5, 0, 2.5, '10']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/admin/credits/grant',
        headers: { ...admin.headers, 'idempotency-key': `grant-bad-${amount}` },
        payload: { email: buyer.email, amount, reason: 'nope' },
      });
      expect(response.statusCode).toBe(400);
    }
    const asUser = await t.app.inject({
      method: 'POST',
      url: '/api/admin/credits/grant',
      headers: { ...buyer.headers, 'idempotency-key': 'grant-self-1' },
      payload: { email: buyer.email, amount: 1000, reason: 'free money' },
    });
    expect(asUser.statusCode).toBe(403);
    expect(await ledgerCount()).toBe(0);
  });

  it('wallet shows balance and history with cursor pagination and CSV export; others cannot see it', async () => {
    for (let index = 0; index < 3; index += 1) await grant(10, `grant-page-${index}`);
    const wallet = await t.app.inject({ method: 'GET', url: '/api/wallet', headers: buyer.headers });
    expect(wallet.json()).toMatchObject({ balance: 30, held: 0, tier: 'basic' });
    const page1 = await t.app.inject({
      method: 'GET',
      url: '/api/wallet/transactions?limit=2',
      headers: buyer.headers,
    });
    expect(page1.json().items).toHaveLength(2);
    const page2 = await t.app.inject({
      method: 'GET',
      url: `/api/wallet/transactions?limit=2&cursor=${page1.json().nextCursor}`,
      headers: buyer.headers,
    });
    expect(page2.json()).toMatchObject({ nextCursor: null });
    expect(page2.json().items).toHaveLength(1);
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/wallet/transactions?format=csv',
      headers: buyer.headers,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')).toHaveLength(4);
    const otherHistory = await t.app.inject({
      method: 'GET',
      url: '/api/wallet/transactions',
      headers: creator.headers,
    });
    expect(otherHistory.json().items).toHaveLength(0);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/wallet' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('admin finance shows revenue and verifies the ledger; users get 403', async () => {
    await grant(100);
    await sendGift('gift-key-fin-1', { chatId: 'chat-a', giftId: 'chocolates' });
    const finance = await t.app.inject({ method: 'GET', url: '/api/admin/finance', headers: admin.headers });
    expect(finance.json().revenue.total).toBe(10);
    const verify = await t.app.inject({
      method: 'POST',
      url: '/api/admin/finance/verify',
      headers: admin.headers,
    });
    expect(verify.json()).toMatchObject({ ok: true, total: 0 });
    const forbidden = await t.app.inject({
      method: 'GET',
      url: '/api/admin/finance',
      headers: buyer.headers,
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
