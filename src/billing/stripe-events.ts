import type Stripe from 'stripe';
import { z } from 'zod';
import { isoNow } from '../clock.js';
import type { BillingDeps } from './deps.js';
import { balanceOf, hasReference, postTransaction, systemAccount, walletAccount } from './ledger.js';
import { type MoneyExecutor, isUniqueViolation, runMoneyTransaction } from './money-transaction.js';
import { loadPriceSheet } from './pricing.js';
import {
  applySubscriptionState,
  invoiceSchema,
  metadataSchema,
  onInvoicePaid,
  onInvoicePaymentFailed,
  onSubscriptionChanged,
  subscriptionSchema,
} from './stripe-subscriptions.js';

// Lenient views of the Stripe objects: only the fields we read (STYLE §5). Invoice and subscription
// views live with the subscription lifecycle in stripe-subscriptions.ts.
const sessionSchema = z.object({
  id: z.string(),
  mode: z.string(),
  payment_status: z.string().nullish(),
  payment_intent: z.string().nullish(),
  subscription: z.string().nullish(),
  amount_total: z.number().nullish(),
  metadata: metadataSchema,
});
const chargeSchema = z.object({
  id: z.string(),
  payment_intent: z.string().nullish(),
  amount: z.number(),
  amount_refunded: z.number(),
});

export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

/**
 * Applies one verified Stripe event, exactly once per event id: the event row and every effect commit
 * together. Events may arrive late, twice or out of order: credit grants are keyed by Stripe object
 * ids, and a subscription's status only moves to the state of a newer event.
 */
export async function handleStripeEvent(deps: BillingDeps, event: Stripe.Event): Promise<WebhookOutcome> {
  const prices = await loadPriceSheet(deps.db.kysely, deps.config.prices);
  try {
    return await runMoneyTransaction(deps.db, async (trx) => {
      await trx
        .insertInto('payment_events')
        .values({ id: event.id, provider: 'stripe', type: event.type, received_at: isoNow(deps.clock) })
        .execute();
      const at = new Date(event.created * 1000).toISOString();
      const object = event.data.object as unknown;
      switch (event.type) {
        case 'checkout.session.completed':
          await onCheckoutCompleted(trx, deps, sessionSchema.parse(object), at);
          return 'processed';
        case 'invoice.paid':
          await onInvoicePaid(
            trx,
            deps,
            invoiceSchema.parse(object),
            at,
            prices.tiers.premium.monthlyCredits,
          );
          return 'processed';
        case 'invoice.payment_failed':
          await onInvoicePaymentFailed(trx, deps, invoiceSchema.parse(object), at);
          return 'processed';
        case 'customer.subscription.created':
        case 'customer.subscription.updated':
        case 'customer.subscription.deleted':
          await onSubscriptionChanged(
            trx,
            deps,
            subscriptionSchema.parse(object),
            event.type === 'customer.subscription.deleted',
            at,
          );
          return 'processed';
        case 'charge.refunded':
          await onChargeRefunded(trx, deps, chargeSchema.parse(object));
          return 'processed';
        default:
          return 'ignored';
      }
    });
  } catch (error) {
    if (isUniqueViolation(error) && (await eventSeen(deps, event.id))) return 'duplicate';
    throw error;
  }
}

async function eventSeen(deps: BillingDeps, id: string): Promise<boolean> {
  const row = await deps.db.kysely
    .selectFrom('payment_events')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

async function onCheckoutCompleted(
  trx: MoneyExecutor,
  deps: BillingDeps,
  session: z.infer<typeof sessionSchema>,
  at: string,
) {
  const checkout = await trx
    .selectFrom('payment_checkouts')
    .selectAll()
    .where('provider_session_id', '=', session.id)
    .executeTakeFirst();
  const userId = checkout?.user_id ?? session.metadata?.userId;
  if (!userId) throw new Error(`checkout ${session.id} has no known user`);
  if (session.mode === 'subscription' && session.subscription) {
    await applySubscriptionState(trx, deps, session.subscription, { status: 'active', at, userId });
  } else if (session.mode === 'payment' && session.payment_status === 'paid') {
    const credits = checkout ? Number(checkout.credits) : Number(session.metadata?.credits ?? 0);
    const reference = `stripe:checkout:${session.id}`;
    if (credits > 0 && !(await hasReference(trx, reference))) {
      await postTransaction(trx, deps.clock, {
        kind: 'purchase',
        userId,
        reference,
        memo: `Bought ${credits} credits`,
        metadata: { sessionId: session.id, paymentIntent: session.payment_intent ?? null },
        entries: [
          { accountId: systemAccount('payment_clearing'), amount: -credits },
          { accountId: walletAccount(userId), amount: credits },
        ],
      });
    }
  }
  if (checkout) {
    await trx
      .updateTable('payment_checkouts')
      .set({ status: 'completed', payment_ref: session.payment_intent ?? session.subscription ?? null })
      .where('id', '=', checkout.id)
      .execute();
  }
}

/**
 * A refunded card payment claws back the credits it bought, in proportion to the refunded amount.
 * Credits already spent cannot be taken back: the claw-back stops at the wallet balance.
 */
async function onChargeRefunded(trx: MoneyExecutor, deps: BillingDeps, charge: z.infer<typeof chargeSchema>) {
  if (!charge.payment_intent) return;
  const checkout = await trx
    .selectFrom('payment_checkouts')
    .selectAll()
    .where('payment_ref', '=', charge.payment_intent)
    .where('kind', '=', 'credits')
    .executeTakeFirst();
  if (!checkout || charge.amount_refunded <= Number(checkout.refunded_minor)) return;
  const amount = Number(checkout.amount_minor) || charge.amount;
  const credits = Number(checkout.credits);
  const dueBefore = Math.floor((credits * Number(checkout.refunded_minor)) / amount);
  const dueAfter = Math.floor((credits * Math.min(charge.amount_refunded, amount)) / amount);
  const due = dueAfter - dueBefore;
  await trx
    .updateTable('payment_checkouts')
    .set({ refunded_minor: charge.amount_refunded })
    .where('id', '=', checkout.id)
    .execute();
  const take = Math.min(due, await balanceOf(trx, walletAccount(checkout.user_id)));
  if (take <= 0) return;
  await postTransaction(trx, deps.clock, {
    kind: 'purchase_refund',
    userId: checkout.user_id,
    reference: `stripe:refund:${charge.id}:${charge.amount_refunded}`,
    memo: `Card payment refunded: ${take} credits returned`,
    metadata: { chargeId: charge.id, due, taken: take },
    entries: [
      { accountId: walletAccount(checkout.user_id), amount: -take },
      { accountId: systemAccount('payment_clearing'), amount: take },
    ],
  });
}
