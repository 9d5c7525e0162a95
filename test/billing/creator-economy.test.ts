import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyLedger } from '../../src/billing/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createTestApp, signUpTestUser, type TestApp, type TestUser } from '../helpers/app.js';
import { walletOf } from './billing-fixtures.js';

describeEachDialect('creator economy', (dialect) => {
  let t: TestApp;
  let fan: TestUser;
  let creator: TestUser;
  let admin: TestUser;
  let keyCounter = 0;

  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { HEARTH_PAYOUT_THRESHOLD: '100' } });
    fan = await signUpTestUser(t.app);
    creator = await signUpTestUser(t.app);
    admin = await signUpTestUser(t.app);
    const db = t.services.db.kysely;
    await db.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.id).execute();
    await db.updateTable('users').set({ role: 'creator' }).where('id', '=', creator.id).execute();
    t.services.billing.hooks.resolveCharacterOwner = async (characterId) =>
      characterId === 'char-1' ? creator.id : null;
    t.services.billing.hooks.canViewCharacter = async (_actor, characterId) => characterId === 'char-1';
  });
  afterEach(async () => t.close());

  const post = (user: TestUser, url: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...user.headers, 'idempotency-key': `key-${dialect}-${++keyCounter}-${Date.now()}` },
      ...(payload ? { payload } : {}),
    });
  const putOffer = (user: TestUser, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PUT', url: '/api/creator/offers', headers: user.headers, payload });
  const earnings = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/creator/earnings', headers: creator.headers })).json();

  it('only the owner prices a character; fans buy subscriptions and media with an 80/20 split', async () => {
    expect(
      (await putOffer(fan, { characterId: 'char-1', kind: 'subscription', credits: 200 })).statusCode,
    ).toBe(403);
    expect(
      (await putOffer(creator, { characterId: 'char-x', kind: 'subscription', credits: 200 })).statusCode,
    ).toBe(404);
    expect(
      (await putOffer(creator, { characterId: 'char-1', kind: 'subscription', credits: -5 })).statusCode,
    ).toBe(400);
    const sub = (
      await putOffer(creator, { characterId: 'char-1', kind: 'subscription', credits: 250 })
    ).json().offer;
    const media = (
      await putOffer(creator, { characterId: 'char-1', kind: 'media', mediaId: 'm-1', credits: 35 })
    ).json().offer;
    await post(admin, '/api/admin/credits/grant', { userId: fan.id, amount: 1000, reason: 'test credits' });

    expect((await post(fan, `/api/offers/${sub.id}/purchase`)).statusCode).toBe(201);
    const again = await post(fan, `/api/offers/${sub.id}/purchase`);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_owned']);
    expect((await post(fan, `/api/offers/${media.id}/purchase`)).statusCode).toBe(201);
    expect((await post(creator, `/api/offers/${media.id}/purchase`)).statusCode).toBe(403);

    expect(await walletOf(t.services.db, fan.id)).toBe(1000 - 250 - 35);
    const stats = await earnings();
    expect(stats.balance).toBe(200 + 28); // 80% of 250, floor(80% of 35)
    expect(stats.recent).toHaveLength(2);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('refunds claw back the creator share proportionally, in the same transaction', async () => {
    const offer = (
      await putOffer(creator, { characterId: 'char-1', kind: 'subscription', credits: 100 })
    ).json().offer;
    await post(admin, '/api/admin/credits/grant', { userId: fan.id, amount: 100, reason: 'test credits' });
    const sale = (await post(fan, `/api/offers/${offer.id}/purchase`)).json();
    const half = await post(admin, `/api/admin/sales/${sale.saleId}/refund`, {
      credits: 50,
      reason: 'partial refund',
    });
    expect(half.json()).toMatchObject({ creatorClawback: 40, platformClawback: 10 });
    const tooMuch = await post(admin, `/api/admin/sales/${sale.saleId}/refund`, {
      credits: 51,
      reason: 'too much',
    });
    expect([tooMuch.statusCode, tooMuch.json().error.code]).toEqual([409, 'refund_too_large']);
    await post(admin, `/api/admin/sales/${sale.saleId}/refund`, { credits: 50, reason: 'rest' });
    expect(await walletOf(t.services.db, fan.id)).toBe(100);
    expect((await earnings()).balance).toBe(0);
    expect(
      (await post(fan, `/api/admin/sales/${sale.saleId}/refund`, { credits: 1, reason: 'mine please' }))
        .statusCode,
    ).toBe(403);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('payouts: above the threshold, from earnings only, approved then paid by an admin', async () => {
    const offer = (
      await putOffer(creator, { characterId: 'char-1', kind: 'subscription', credits: 500 })
    ).json().offer;
    await post(admin, '/api/admin/credits/grant', { userId: fan.id, amount: 500, reason: 'test credits' });
    await post(fan, `/api/offers/${offer.id}/purchase`);
    const below = await post(creator, '/api/creator/payouts', { credits: 50 });
    expect(below.json().error.code).toBe('payout_below_threshold');
    const tooMuch = await post(creator, '/api/creator/payouts', { credits: 401 });
    expect(tooMuch.statusCode).toBe(400);
    expect((await post(fan, '/api/creator/payouts', { credits: 100 })).statusCode).toBe(403);
    const payout = (await post(creator, '/api/creator/payouts', { credits: 300 })).json().payout;
    expect((await earnings()).balance).toBe(100);
    const early = await post(admin, `/api/admin/payouts/${payout.id}/paid`, { note: 'x' });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'payout_invalid_state']);
    expect((await post(creator, `/api/admin/payouts/${payout.id}/approve`, {})).statusCode).toBe(403);
    expect((await post(admin, `/api/admin/payouts/${payout.id}/approve`, {})).json().payout.status).toBe(
      'approved',
    );
    const paid = (
      await post(admin, `/api/admin/payouts/${payout.id}/paid`, { note: 'bank transfer 42' })
    ).json().payout;
    expect(paid).toMatchObject({ status: 'paid', providerRef: 'bank transfer 42' });
    const queue = (
      await t.app.inject({ method: 'GET', url: '/api/admin/finance', headers: admin.headers })
    ).json();
    expect(queue.payoutQueue).toHaveLength(0);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('a rejected payout returns to earnings', async () => {
    const offer = (
      await putOffer(creator, { characterId: 'char-1', kind: 'subscription', credits: 500 })
    ).json().offer;
    await post(admin, '/api/admin/credits/grant', { userId: fan.id, amount: 500, reason: 'test credits' });
    await post(fan, `/api/offers/${offer.id}/purchase`);
    const payout = (await post(creator, '/api/creator/payouts', { credits: 400 })).json().payout;
    await post(admin, `/api/admin/payouts/${payout.id}/reject`, { note: 'missing tax form' });
    expect((await earnings()).balance).toBe(400);
  });

  it('account deletion keeps the ledger and exports money data', async () => {
    await post(admin, '/api/admin/credits/grant', { userId: fan.id, amount: 42, reason: 'test credits' });
    const exported = await t.app.inject({ method: 'GET', url: '/api/me/export', headers: fan.headers });
    expect(exported.json().billing.wallet.balance).toBe(42);
    const before = await verifyLedger(t.services.db.kysely);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: fan.headers,
      payload: { password: fan.password },
    });
    expect(deleted.statusCode).toBe(204);
    const after = await verifyLedger(t.services.db.kysely);
    expect(after).toMatchObject({ ok: true, transactions: before.transactions, entries: before.entries });
  });
});
