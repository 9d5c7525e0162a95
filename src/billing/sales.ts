import { isoNow } from '../clock.js';
import type { SaleRow } from '../db/tables/billing.js';
import { Conflict, NotFound } from '../errors.js';
import { newId } from '../ids.js';
import type { BillingDeps } from './deps.js';
import { earningsAccount, postTransaction, systemAccount, walletAccount } from './ledger.js';
import type { MoneyExecutor } from './money-transaction.js';
import { splitSale } from './pricing.js';

export interface SaleInput {
  buyerUserId: string;
  creatorUserId: string;
  kind: SaleRow['kind'];
  characterId: string;
  itemId: string;
  credits: number;
  creatorSharePercent: number;
  memo: string;
}

/**
 * A creator sale in ONE ledger transaction: the buyer's wallet pays, the creator's earnings receive
 * their share (80% by default, rounded down) and the platform the rest. Insufficient credits → 402.
 */
export async function recordSale(trx: MoneyExecutor, deps: Pick<BillingDeps, 'clock'>, input: SaleInput) {
  const { creator, platform } = splitSale(input.credits, input.creatorSharePercent);
  const transactionId = await postTransaction(trx, deps.clock, {
    kind: input.kind,
    userId: input.buyerUserId,
    actorUserId: input.buyerUserId,
    memo: input.memo,
    metadata: { characterId: input.characterId, itemId: input.itemId, creatorUserId: input.creatorUserId },
    entries: [
      { accountId: walletAccount(input.buyerUserId), amount: -input.credits },
      { accountId: earningsAccount(input.creatorUserId), amount: creator },
      { accountId: systemAccount('platform_revenue'), amount: platform },
    ].filter((entry) => entry.amount !== 0),
  });
  const sale = {
    id: newId(),
    buyer_user_id: input.buyerUserId,
    creator_user_id: input.creatorUserId,
    kind: input.kind,
    character_id: input.characterId,
    item_id: input.itemId,
    credits: input.credits,
    creator_credits: creator,
    refunded_credits: 0,
    transaction_id: transactionId,
    created_at: isoNow(deps.clock),
  };
  await trx.insertInto('creator_sales').values(sale).execute();
  return sale;
}

/**
 * Refunds part or all of a sale to the buyer, clawing back creator and platform shares in proportion
 * (the creator's part rounded down, so cumulative claw-backs never exceed what the creator received).
 */
export async function refundSale(
  trx: MoneyExecutor,
  deps: Pick<BillingDeps, 'clock'>,
  input: { saleId: string; credits: number; actorUserId: string; reason: string },
) {
  const sale = await trx
    .selectFrom('creator_sales')
    .selectAll()
    .where('id', '=', input.saleId)
    .executeTakeFirst();
  if (!sale) throw new NotFound('sale_not_found', 'No such sale.');
  const refundable = Number(sale.credits) - Number(sale.refunded_credits);
  if (input.credits > refundable) {
    throw new Conflict(
      'refund_too_large',
      `At most ${refundable} credits of this sale can still be refunded.`,
      {
        refundable,
      },
    );
  }
  const refundedAfter = Number(sale.refunded_credits) + input.credits;
  // Claw back cumulatively so rounding never drifts: creator share of everything refunded so far,
  // minus what earlier refunds already took back.
  const creatorBackSoFar = Math.floor(
    (Number(sale.creator_credits) * Number(sale.refunded_credits)) / Number(sale.credits),
  );
  const creatorBackAfter = Math.floor((Number(sale.creator_credits) * refundedAfter) / Number(sale.credits));
  const creatorBack = creatorBackAfter - creatorBackSoFar;
  const platformBack = input.credits - creatorBack;
  const updated = await trx
    .updateTable('creator_sales')
    .set({ refunded_credits: refundedAfter })
    .where('id', '=', sale.id)
    .where('refunded_credits', '=', sale.refunded_credits)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new Conflict('refund_too_large', 'The sale changed; try again.');
  await postTransaction(trx, deps.clock, {
    kind: 'refund',
    userId: sale.buyer_user_id,
    actorUserId: input.actorUserId,
    memo: input.reason,
    metadata: { saleId: sale.id, creatorUserId: sale.creator_user_id },
    entries: [
      { accountId: walletAccount(sale.buyer_user_id), amount: input.credits },
      { accountId: earningsAccount(sale.creator_user_id), amount: -creatorBack },
      { accountId: systemAccount('platform_revenue'), amount: -platformBack },
    ].filter((entry) => entry.amount !== 0),
  });
  return {
    saleId: sale.id,
    refunded: input.credits,
    creatorClawback: creatorBack,
    platformClawback: platformBack,
  };
}
