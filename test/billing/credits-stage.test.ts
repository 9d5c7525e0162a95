import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/index.js';
import type { TurnCharacter } from '../../src/chat/stages.js';
import { chargeAction, releaseExpiredHolds, verifyLedger } from '../../src/billing/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { type BillingFixture, createBillingFixture, walletOf } from './billing-fixtures.js';

const sfw: TurnCharacter = { id: 'c1', ownerId: 'o1', name: 'C', rating: 'sfw', creatorVerified: false };
const nsfw: TurnCharacter = { ...sfw, rating: 'nsfw' };

describeEachDialect('credits stage (reserve / settle / release)', (dialect) => {
  let fx: BillingFixture;
  let actor: Actor;
  beforeEach(async () => {
    // Defaults: plain 1, romantic 3, adult 5; Basic allowance 2 plain messages a day.
    fx = await createBillingFixture(dialect, { HEARTH_BASIC_DAILY_MESSAGES: '2' });
    actor = await fx.addUser();
  });
  afterEach(async () => fx.close());

  const reserve = (character = sfw) =>
    fx.billing.credits.reserve({ actor, chatId: 'chat1', character, requestId: 'r1' });

  it('holds the maximum price, settles the actual one and returns the rest', async () => {
    await fx.grant(actor.userId, 20);
    const hold = await reserve(nsfw);
    expect(hold.credits).toBe(5);
    expect(await walletOf(fx.db, actor.userId)).toBe(15);
    await fx.billing.credits.settle(hold, { actor, kind: 'romantic', messageId: 'm1' });
    expect(await walletOf(fx.db, actor.userId)).toBe(17);
    const report = await verifyLedger(fx.db.kysely);
    expect(report.ok).toBe(true);
  });

  it('plain messages inside the daily allowance are free, the next one costs the plain price', async () => {
    await fx.grant(actor.userId, 10);
    for (let index = 0; index < 2; index += 1) {
      const hold = await reserve();
      await fx.billing.credits.settle(hold, { actor, kind: 'plain', messageId: `m${index}` });
    }
    expect(await walletOf(fx.db, actor.userId)).toBe(10);
    const hold = await reserve();
    await fx.billing.credits.settle(hold, { actor, kind: 'plain', messageId: 'm3' });
    expect(await walletOf(fx.db, actor.userId)).toBe(9);
    // A new UTC day restores the allowance.
    fx.clock.advance(86_400_000);
    const next = await reserve();
    await fx.billing.credits.settle(next, { actor, kind: 'plain', messageId: 'm4' });
    expect(await walletOf(fx.db, actor.userId)).toBe(9);
  });

  it('an empty wallet still gets free plain messages while the allowance lasts, then 402 with a buy link', async () => {
    const free = await reserve();
    expect(free.credits).toBe(0);
    await fx.billing.credits.settle(free, { actor, kind: 'plain', messageId: 'm1' });
    await fx.billing.credits.settle(await reserve(), { actor, kind: 'plain', messageId: 'm2' });
    await expect(reserve()).rejects.toMatchObject({
      status: 402,
      code: 'insufficient_credits',
      details: { buyUrl: '/wallet?buy=1' },
    });
  });

  it('release returns the whole hold; settling or releasing twice changes nothing', async () => {
    await fx.grant(actor.userId, 10);
    const hold = await reserve();
    await fx.billing.credits.release(hold, 'blocked');
    await fx.billing.credits.release(hold, 'blocked');
    await fx.billing.credits.settle(hold, { actor, kind: 'adult', messageId: 'late' });
    expect(await walletOf(fx.db, actor.userId)).toBe(10);
    expect((await verifyLedger(fx.db.kysely)).ok).toBe(true);
  });

  it('another user cannot settle my hold', async () => {
    await fx.grant(actor.userId, 10);
    const hold = await reserve();
    const other = await fx.addUser();
    await fx.billing.credits.settle(hold, { actor: other, kind: 'adult', messageId: 'x' });
    const row = await fx.db.kysely
      .selectFrom('credit_holds')
      .select('status')
      .where('id', '=', hold.id!)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
  });

  it('the sweeper releases holds stranded past their expiry, and only those', async () => {
    await fx.grant(actor.userId, 10);
    const stale = await reserve();
    fx.clock.advance(301_000);
    const fresh = await reserve();
    expect(await releaseExpiredHolds(fx.billing)).toBe(1);
    const rows = await fx.db.kysely
      .selectFrom('credit_holds')
      .select(['id', 'status', 'release_reason'])
      .execute();
    expect(rows.find((row) => row.id === stale.id)).toMatchObject({
      status: 'released',
      release_reason: 'expired',
    });
    expect(rows.find((row) => row.id === fresh.id)).toMatchObject({ status: 'open' });
    expect((await verifyLedger(fx.db.kysely)).ok).toBe(true);
  });

  it('race: 1,000 concurrent spends against a wallet that affords 100 → exactly 100 succeed, never negative', async () => {
    await fx.grant(actor.userId, 1000); // photo = 10 credits
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, index) =>
        chargeAction(fx.billing, { userId: actor.userId, action: 'photo', reference: `photo-${index}` }),
      ),
    );
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter(
      (result) =>
        result.status === 'rejected' && (result.reason as { code?: string }).code === 'insufficient_credits',
    );
    expect(succeeded).toHaveLength(100);
    expect(refused).toHaveLength(900);
    expect(await walletOf(fx.db, actor.userId)).toBe(0);
    expect((await verifyLedger(fx.db.kysely)).ok).toBe(true);
  });

  it('race: parallel reserves never hold more than the wallet has', async () => {
    await fx.grant(actor.userId, 30); // romantic max = 3 → ten holds fit
    const zeroAllowance = await createBillingFixture(dialect, {
      HEARTH_BASIC_DAILY_MESSAGES: '0',
      HEARTH_PRICE_MESSAGE_PLAIN: '3',
    });
    try {
      const user = await zeroAllowance.addUser();
      await zeroAllowance.grant(user.userId, 30);
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, index) =>
          zeroAllowance.billing.credits.reserve({
            actor: user,
            chatId: 'c',
            character: sfw,
            requestId: `r${index}`,
          }),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
      expect(await walletOf(zeroAllowance.db, user.userId)).toBe(0);
      expect((await verifyLedger(zeroAllowance.db.kysely)).ok).toBe(true);
    } finally {
      await zeroAllowance.close();
    }
  });

  it('chargeAction charges once per reference', async () => {
    await fx.grant(actor.userId, 100);
    await chargeAction(fx.billing, {
      userId: actor.userId,
      action: 'voice_minute',
      quantity: 2.5,
      reference: 'call-1',
    });
    const again = await chargeAction(fx.billing, {
      userId: actor.userId,
      action: 'voice_minute',
      quantity: 3,
      reference: 'call-1',
    });
    expect(again.alreadyCharged).toBe(true);
    expect(await walletOf(fx.db, actor.userId)).toBe(100 - 3 * 4);
  });
});
