import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/index.js';
import { verifyLedger } from '../../src/billing/index.js';
import { walletHistory } from '../../src/billing/wallet.js';
import type { TurnCharacter } from '../../src/chat/stages.js';
import { describeEachDialect } from '../helpers/databases.js';
import { type BillingFixture, createBillingFixture, walletOf } from './billing-fixtures.js';

const sfw: TurnCharacter = { id: 'c1', ownerId: 'o1', name: 'C', rating: 'sfw', creatorVerified: false };

// Issue 21 item 4: "needs 3 credits" for a 1-credit reply; "held −3" beside "plain message +3".
describeEachDialect('issue 21 item 4: credit messages show prices, one line per charge', (dialect) => {
  let fx: BillingFixture;
  let actor: Actor;
  const reserve = (requestId = 'r1') =>
    fx.billing.credits.reserve({ actor, chatId: 'chat1', character: sfw, requestId });
  const lines = async () =>
    (await walletHistory(fx.db.kysely, actor.userId, { limit: 50 })).items.map((line) => [
      line.memo,
      line.amount,
    ]);

  afterEach(async () => fx.close());

  describe('with no free allowance', () => {
    beforeEach(async () => {
      // Defaults: plain 1, romantic 3 (the hold on an SFW character is 3).
      fx = await createBillingFixture(dialect, { HEARTH_BASIC_DAILY_MESSAGES: '0' });
      actor = await fx.addUser();
    });

    it('out of credits names the reply price, not the hold', async () => {
      await expect(reserve()).rejects.toMatchObject({
        status: 402,
        code: 'insufficient_credits',
        message: 'A reply costs 1 credit and your wallet has 0 credits. Buy credits to continue.',
        details: { required: 1, balance: 0, buyUrl: '/wallet?buy=1' },
      });
    });

    it('a settled reply is one line of its price; a released hold leaves none; an open hold shows as held', async () => {
      await fx.grant(actor.userId, 10);
      const charged = await reserve('r1');
      await fx.billing.credits.settle(charged, { actor, kind: 'plain', messageId: 'm1' });
      const released = await reserve('r2');
      await fx.billing.credits.release(released, 'failed');
      const romantic = await reserve('r3');
      await fx.billing.credits.settle(romantic, { actor, kind: 'romantic', messageId: 'm3' });
      expect(await lines()).toEqual([
        ['Romantic message', -3],
        ['Plain message', -1],
        [expect.any(String), 10],
      ]);
      await reserve('r4');
      expect((await lines())[0]).toEqual(['Held for a reply in progress', -3]);
      // The lines add up to the balance (open holds count as spent).
      const sum = (await lines()).reduce((total, [, amount]) => total + Number(amount), 0);
      expect(sum).toBe(await walletOf(fx.db, actor.userId));
      expect((await verifyLedger(fx.db.kysely)).ok).toBe(true);
    });

    it('pages by the line ids without repeating or skipping a charge', async () => {
      await fx.grant(actor.userId, 20);
      for (let index = 0; index < 5; index += 1) {
        const hold = await reserve(`p${index}`);
        await fx.billing.credits.settle(hold, { actor, kind: 'plain', messageId: `m${index}` });
      }
      const first = await walletHistory(fx.db.kysely, actor.userId, { limit: 4 });
      const second = await walletHistory(fx.db.kysely, actor.userId, {
        limit: 4,
        cursor: first.nextCursor ?? undefined,
      });
      expect(first.items).toHaveLength(4);
      expect(second.items).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      const ids = [...first.items, ...second.items].map((line) => line.id);
      expect(new Set(ids).size).toBe(6);
    });
  });

  describe('with a free allowance', () => {
    beforeEach(async () => {
      fx = await createBillingFixture(dialect, { HEARTH_BASIC_DAILY_MESSAGES: '5' });
      actor = await fx.addUser();
    });

    it('a free plain reply leaves no held/returned pair in the history', async () => {
      await fx.grant(actor.userId, 10);
      const hold = await reserve();
      await fx.billing.credits.settle(hold, { actor, kind: 'plain', messageId: 'm1' });
      expect(await lines()).toEqual([[expect.any(String), 10]]);
    });
  });
});
