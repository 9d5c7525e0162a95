import type { UserDataContributor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import { holdsAccount, postTransaction, walletAccount } from './ledger.js';
import { walletBalances, walletHistory } from './wallet.js';

/**
 * "Export my data" / "delete my account" for money. Deletion keeps every ledger entry (the books must
 * still add up; the user row survives as an anonymised tombstone) but returns open holds, ends
 * subscriptions and offers, and forgets idempotency keys and allowance counters.
 */
export function billingUserData(clock: Clock): UserDataContributor {
  return {
    name: 'billing',
    async export(db, userId) {
      const history = await walletHistory(db, userId, { limit: 100_000 });
      return {
        wallet: await walletBalances(db, userId),
        transactions: history.items,
        subscriptions: await db
          .selectFrom('billing_subscriptions')
          .selectAll()
          .where('user_id', '=', userId)
          .execute(),
        purchases: await db
          .selectFrom('creator_sales')
          .selectAll()
          .where('buyer_user_id', '=', userId)
          .execute(),
        sales: await db
          .selectFrom('creator_sales')
          .selectAll()
          .where('creator_user_id', '=', userId)
          .execute(),
        payouts: await db
          .selectFrom('creator_payouts')
          .selectAll()
          .where('creator_user_id', '=', userId)
          .execute(),
      };
    },
    async erase(trx, userId) {
      const now = isoNow(clock);
      const open = await trx
        .selectFrom('credit_holds')
        .selectAll()
        .where('user_id', '=', userId)
        .where('status', '=', 'open')
        .execute();
      for (const hold of open) {
        await trx
          .updateTable('credit_holds')
          .set({ status: 'released', charged: 0, release_reason: 'account_deleted', closed_at: now })
          .where('id', '=', hold.id)
          .execute();
        if (Number(hold.amount) > 0) {
          await postTransaction(trx, clock, {
            kind: 'release',
            userId,
            reference: `release:${hold.id}`,
            memo: 'Hold returned (account deleted)',
            entries: [
              { accountId: holdsAccount(userId), amount: -Number(hold.amount) },
              { accountId: walletAccount(userId), amount: Number(hold.amount) },
            ],
          });
        }
      }
      await trx
        .updateTable('billing_subscriptions')
        .set({ status: 'cancelled', updated_at: now })
        .where('user_id', '=', userId)
        .where('status', '!=', 'cancelled')
        .execute();
      await trx
        .updateTable('creator_offers')
        .set({ active: 0, updated_at: now })
        .where('creator_user_id', '=', userId)
        .execute();
      await trx.deleteFrom('idempotency_keys').where('actor_user_id', '=', userId).execute();
      await trx.deleteFrom('allowance_usage').where('user_id', '=', userId).execute();
    },
  };
}
