// Premium subscription lifecycle from Stripe events: invoices, subscription updates, and the
// order-tolerant state machine they all feed.
import { z } from 'zod';
import { isoNow } from '../clock.js';
import { newId } from '../ids.js';
import type { BillingDeps } from './deps.js';
import { grantCredits } from './grants.js';
import { hasReference } from './ledger.js';
import type { MoneyExecutor } from './money-transaction.js';

// Lenient views of the Stripe objects: only the fields we read (STYLE §5). Both the pre-2025 and the
// current API shapes are accepted (subscription on the invoice vs invoice.parent.subscription_details).
export const metadataSchema = z.record(z.string(), z.string()).nullish();
export const invoiceSchema = z.object({
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
export const subscriptionSchema = z.object({
  id: z.string(),
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  current_period_end: z.number().nullish(),
  items: z.object({ data: z.array(z.object({ current_period_end: z.number().nullish() })) }).nullish(),
  metadata: metadataSchema,
});

function mapStatus(status: string): 'active' | 'past_due' | 'cancelled' {
  if (status === 'active' || status === 'trialing') return 'active';
  if (status === 'past_due' || status === 'unpaid' || status === 'incomplete') return 'past_due';
  return 'cancelled';
}

function invoiceSubscription(invoice: z.infer<typeof invoiceSchema>): string | null {
  return invoice.subscription ?? invoice.parent?.subscription_details?.subscription ?? null;
}

export async function onInvoicePaymentFailed(
  trx: MoneyExecutor,
  deps: BillingDeps,
  invoice: z.infer<typeof invoiceSchema>,
  at: string,
) {
  const ref = invoiceSubscription(invoice);
  if (ref) await applySubscriptionState(trx, deps, ref, { status: 'past_due', at });
}

/** customer.subscription.created/updated/deleted: Stripe's own view of the subscription. */
export async function onSubscriptionChanged(
  trx: MoneyExecutor,
  deps: BillingDeps,
  subscription: z.infer<typeof subscriptionSchema>,
  deleted: boolean,
  at: string,
) {
  const status = deleted ? 'cancelled' : mapStatus(subscription.status);
  const end = subscription.current_period_end ?? subscription.items?.data[0]?.current_period_end;
  await applySubscriptionState(trx, deps, subscription.id, {
    status,
    at,
    userId: subscription.metadata?.userId,
    periodEnd: end ? new Date(end * 1000).toISOString() : undefined,
    cancelAtPeriodEnd: subscription.cancel_at_period_end ?? undefined,
  });
}

export async function onInvoicePaid(
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
export async function applySubscriptionState(
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
