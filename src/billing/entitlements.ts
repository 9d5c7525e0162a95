import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import type { SubscriptionRow } from '../db/tables/billing.js';
import type { PriceSheet } from './config.js';

export type Tier = 'basic' | 'premium';

/** What a user's tier gives them; `modelRoute` is a hint for the chat layer's model choice. */
export interface Entitlements {
  tier: Tier;
  dailyMessages: number;
  /** Premium's larger model route name, null on Basic. */
  modelRoute: string | null;
  premium: SubscriptionRow | null;
}

/** Premium while a premium subscription is active or past due (grace) and its period has not ended. */
export async function activePremium(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
): Promise<SubscriptionRow | null> {
  const [row] = (await premiumSubscription(db, { userId, now: clock.now().toISOString() })).rows;
  return row ?? null;
}

// Every turn reserves and settles, and both ask.
const premiumSubscription = preparedQuery<{ userId: string; now: string }, SubscriptionRow>((db, slot) =>
  db
    .selectFrom('billing_subscriptions')
    .selectAll()
    .where('user_id', '=', slot('userId'))
    .where('kind', '=', 'premium')
    .where('status', 'in', ['active', 'past_due'])
    .where('current_period_end', '>', slot('now'))
    // No LIMIT: with it SQLite sets up a sorter that costs ~20 µs even when no row matches.
    .orderBy('current_period_end', 'desc'),
);

export async function getEntitlements(
  db: Kysely<Database>,
  clock: Clock,
  prices: PriceSheet,
  userId: string,
): Promise<Entitlements> {
  const premium = await activePremium(db, clock, userId);
  if (premium) {
    return {
      tier: 'premium',
      dailyMessages: prices.tiers.premium.dailyMessages,
      modelRoute: prices.tiers.premium.modelRoute,
      premium,
    };
  }
  return { tier: 'basic', dailyMessages: prices.tiers.basic.dailyMessages, modelRoute: null, premium: null };
}

export function utcDay(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

export async function allowanceUsedToday(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
): Promise<number> {
  const row = await db
    .selectFrom('allowance_usage')
    .select('used')
    .where('user_id', '=', userId)
    .where('day', '=', utcDay(clock))
    .executeTakeFirst();
  return Number(row?.used ?? 0);
}
