import type { BillingDeps } from './deps.js';
import { postTransaction, systemAccount, walletAccount } from './ledger.js';
import { runMoneyTransaction } from './money-transaction.js';
import { loadPriceSheet } from './pricing.js';

export type PricedAction = 'photo' | 'voice_minute';

/**
 * Charges a non-message action (a generated photo, minutes of voice) straight from the wallet, once
 * per `reference` (e.g. the media id): a retry with the same reference charges nothing more.
 * Throws `PaymentRequired('insufficient_credits')` when the wallet cannot cover it.
 */
export async function chargeAction(
  deps: BillingDeps,
  input: { userId: string; action: PricedAction; quantity?: number; reference: string },
): Promise<{ charged: number; alreadyCharged: boolean }> {
  const prices = await loadPriceSheet(deps.db.kysely, deps.config.prices);
  const quantity = Math.max(1, Math.ceil(input.quantity ?? 1));
  const unit = input.action === 'photo' ? prices.photo : prices.voiceMinute;
  const credits = unit * quantity;
  const reference = `action:${input.userId}:${input.reference}`;
  return runMoneyTransaction(deps.db, async (trx) => {
    const done = await trx
      .selectFrom('ledger_transactions')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (done || credits === 0) return { charged: 0, alreadyCharged: Boolean(done) };
    await postTransaction(trx, deps.clock, {
      kind: input.action,
      userId: input.userId,
      actorUserId: input.userId,
      reference,
      memo: input.action === 'photo' ? 'Photo' : `Voice (${quantity} min)`,
      metadata: { quantity, unit },
      entries: [
        { accountId: walletAccount(input.userId), amount: -credits },
        { accountId: systemAccount('platform_revenue'), amount: credits },
      ],
    });
    return { charged: credits, alreadyCharged: false };
  });
}
