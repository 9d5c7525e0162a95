import type Stripe from 'stripe';
import { z } from 'zod';
import { isoNow } from '../clock.js';
import { newId } from '../ids.js';
import type { BillingDeps } from './deps.js';
import { grantCredits } from './grants.js';
import { balanceOf, hasReference, postTransaction, systemAccount, walletAccount } from './ledger.js';
import { type MoneyExecutor, isUniqueViolation, runMoneyTransaction } from './money-transaction.js';
import { loadPriceSheet } from './pricing.js';

// Lenient views of the Stripe objects: only the fields we read (STYLE §5). Both the pre-2025 and the
// current API shapes are accepted (subscription on the invoice vs invoice.parent.subscription_details).
const metadataSchema = z.record(z.string(), z.string()).nullish();
const sessionSchema = z.object({
  id: z.string(),
  mode: z.string(),
  payment_status: z.string().nullish(),
  payment_intent: z.string().nullish(),
  subscription: z.string().nullish(),
  amount_total: z.number().nullish(),
  metadata: metadataSchema,
});
const invoiceSchema = z.object({
  id: z.string(),
  subscription: z.string().nullish(),
  subscription_details: z.object({ metadata: metadataSchema }).nullish(),
  parent: z
    .object({
      subscription_details: z
        .object({ subscription: z.string().nullish(), metadata: metadataSchema })
        .nullish(),
    })
    .nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ end: z.number() }).nullish() })) }).nullish(),
});
const subscriptionSchema = z.object({
  id: z.string(),
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  current_period_end: z.number().nullish(),
  items: z.object({ data: z.array(z.object({ current_period_end: z.number().nullish() })) }).nullish(),
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
        case 'invoice.payment_failed': {
          const invoice = invoiceSchema.parse(object);
          const ref = invoiceSubscription(invoice);
          if (ref) await applySubscriptionState(trx, deps, ref, { status: 'past_due', at });
          return 'processed';
        }
        case 'customer.subscription.created':
        case 'customer.subscription.updated':
        case 'customer.subscription.deleted': {
          const subscription = subscriptionSchema.parse(object);
          const status =
            event.type === 'customer.subscription.deleted' ? 'cancelled' : mapStatus(subscription.status);
          const end = subscription.current_period_end ?? subscription.items?.data[0]?.current_period_end;
          await applySubscriptionState(trx, deps, subscription.id, {
            status,
            at,
            userId: subscription.metadata?.userId,
            periodEnd: end ? new Date(end * 1000).toISOString() : undefined,
            cancelAtPeriodEnd: subscription.cancel_at_period_end ?? undefined,
          });
          return 'processed';
        }
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

function mapStatus(status: string): 'active' | 'past_due' | 'cancelled' {
  if (status === 'active' || status === 'trialing') return 'active';
  if (status === 'past_due' || status === 'unpaid' || status === 'incomplete') return 'past_due';
  return 'cancelled';
}

function invoiceSubscription(invoice: z.infer<typeof invoiceSchema>): string | null {
  return invoice.subscription ?? invoice.parent?.subscription_details?.subscription ?? null;
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

async function onInvoicePaid(
  trx: MoneyExecutor,
  deps: BillingDeps,
  invoice: z.infer<typeof invoiceSchema>,
  at: string,
  monthlyCredits: number,
) {
  const ref = invoiceSubscription(invoice);
  if (!ref) return;
  const metadata = invoice.parent?.subscription_details?.metadata ?? invoice.subscription_details?.metadata;
  const end = invoice.lines?.data[0]?.period?.end;
  const subscription = await applySubscriptionState(trx, deps, ref, {
    status: 'active',
    at,
    userId: metadata?.userId,
    periodEnd: end ? new Date(end * 1000).toISOString() : undefined,
  });
  const reference = `stripe:invoice:${invoice.id}`;
  if (subscription && monthlyCredits > 0 && !(await hasReference(trx, reference))) {
    await grantCredits(trx, deps, {
      userId: subscription.user_id,
      amount: monthlyCredits,
      reason: 'Premium monthly credits',
      actorUserId: null,
      reference,
    });
  }
}

/**
 * Creates or moves a Premium subscription. Period ends only grow; the status follows the newest event
 * (by Stripe's `created`), so a late `active` never resurrects a subscription cancelled afterwards.
 */
async function applySubscriptionState(
  trx: MoneyExecutor,
  deps: BillingDeps,
  providerRef: string,
  change: {
    status: 'active' | 'past_due' | 'cancelled';
    at: string;
    userId?: string;
    periodEnd?: string;
    cancelAtPeriodEnd?: boolean;
  },
) {
  const now = isoNow(deps.clock);
  const existing = await trx
    .selectFrom('billing_subscriptions')
    .selectAll()
    .where('provider_ref', '=', providerRef)
    .executeTakeFirst();
  if (!existing) {
    if (!change.userId) return null;
    const row = {
      id: newId(),
      user_id: change.userId,
      kind: 'premium' as const,
      character_id: null,
      creator_user_id: null,
      status: change.status,
      provider: 'stripe' as const,
      provider_ref: providerRef,
      // Until Stripe tells us the period, a paid month counts from now.
      current_period_end:
        change.periodEnd ?? new Date(deps.clock.now().getTime() + 31 * 86_400_000).toISOString(),
      cancel_at_period_end: change.cancelAtPeriodEnd ? 1 : 0,
      last_event_at: change.at,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('billing_subscriptions').values(row).execute();
    return row;
  }
  const isNewer = change.at >= existing.last_event_at;
  const periodEnd =
    change.periodEnd && change.periodEnd > existing.current_period_end
      ? change.periodEnd
      : existing.current_period_end;
  await trx
    .updateTable('billing_subscriptions')
    .set({
      current_period_end: periodEnd,
      ...(isNewer && {
        status: change.status,
        last_event_at: change.at,
        ...(change.cancelAtPeriodEnd !== undefined && {
          cancel_at_period_end: change.cancelAtPeriodEnd ? 1 : 0,
        }),
      }),
      updated_at: now,
    })
    .where('id', '=', existing.id)
    .execute();
  return existing;
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
