import type { Actor } from '../accounts/index.js';
import { isoNow } from '../clock.js';
import { preparedInsert, preparedQuery } from '../db/prepared.js';
import type { CreditHoldRow } from '../db/tables/billing.js';
import { newId } from '../ids.js';
import type { BillingDeps } from './deps.js';
import { getEntitlements, utcDay } from './entitlements.js';
import {
  type EntryInput,
  balanceOf,
  holdsAccount,
  insufficientCredits,
  postTransaction,
  systemAccount,
  walletAccount,
} from './ledger.js';
import { type MoneyExecutor, runMoneyTransaction } from './money-transaction.js';
import { loadPriceSheet } from './pricing.js';

export type MessageKind = 'plain' | 'romantic' | 'adult';
/** What a settled reply is priced as: a chat message of a kind, or a utility call. */
export type SettledKind = MessageKind | 'utility';

export interface PlacedHold {
  id: string;
  credits: number;
}

/**
 * Holds the most a reply can cost (romantic on SFW characters, adult on NSFW ones). When the wallet
 * cannot cover that but a plain message is still affordable (daily allowance left, or enough for the
 * plain price) the hold takes what the wallet has: plain replies must keep working on the free tier.
 */
export async function reserveCredits(
  deps: BillingDeps,
  input: { userId: string; chatId: string | null; requestId: string; rating: 'sfw' | 'nsfw' },
): Promise<PlacedHold> {
  const { db, clock } = deps;
  const prices = await loadPriceSheet(db.kysely, deps.config.prices);
  const entitlements = await getEntitlements(db.kysely, clock, prices, input.userId);
  const maxPrice = Math.max(
    prices.messages.plain,
    input.rating === 'nsfw' ? prices.messages.adult : prices.messages.romantic,
  );
  return runMoneyTransaction(db, async (trx) => {
    const balance = await balanceOf(trx, walletAccount(input.userId));
    let amount = maxPrice;
    if (balance < maxPrice) {
      const used = await usedToday(trx, input.userId, utcDay(clock));
      const plainAffordable = used < entitlements.dailyMessages || balance >= prices.messages.plain;
      // The cheapest reply is what cannot be paid: name its price, not the hold.
      if (!plainAffordable) throw insufficientCredits(prices.messages.plain, balance, 'A reply');
      amount = balance;
    }
    const id = newId();
    const now = clock.now();
    await insertHold(trx, {
      id,
      user_id: input.userId,
      amount,
      status: 'open',
      request_id: input.requestId,
      chat_id: input.chatId,
      charged: null,
      release_reason: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + deps.config.holdTtlSeconds * 1000).toISOString(),
      closed_at: null,
    });
    if (amount > 0) {
      await postTransaction(trx, clock, {
        kind: 'hold',
        userId: input.userId,
        reference: `hold:${id}`,
        memo: 'Credits held for a reply',
        metadata: { chatId: input.chatId, requestId: input.requestId },
        entries: [
          { accountId: walletAccount(input.userId), amount: -amount },
          { accountId: holdsAccount(input.userId), amount },
        ],
      });
    }
    return { id, credits: amount };
  });
}

// The statements every turn runs, compiled once (db/prepared.ts).
const insertHold = preparedInsert('credit_holds');
const allowanceUsed = preparedQuery<{ userId: string; day: string }, { used: number }>((db, slot) =>
  db
    .selectFrom('allowance_usage')
    .select('used')
    .where('user_id', '=', slot('userId'))
    .where('day', '=', slot('day')),
);
const incrementAllowance = preparedQuery<{ userId: string; day: string; limit: number }, never>((db, slot) =>
  db
    .insertInto('allowance_usage')
    .values({ user_id: slot('userId'), day: slot('day'), used: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['user_id', 'day'])
        .doUpdateSet((eb) => ({ used: eb('allowance_usage.used', '+', 1) }))
        .where('allowance_usage.used', '<', slot('limit')),
    ),
);
const holdById = preparedQuery<{ holdId: string }, CreditHoldRow>((db, slot) =>
  db.selectFrom('credit_holds').selectAll().where('id', '=', slot('holdId')),
);
const closeOpenHold = preparedQuery<
  { holdId: string; status: string; charged: number; reason: string | null; closedAt: string },
  never
>((db, slot) =>
  db
    .updateTable('credit_holds')
    .set({
      status: slot('status') as CreditHoldRow['status'],
      charged: slot('charged'),
      release_reason: slot('reason'),
      closed_at: slot('closedAt'),
    })
    .where('id', '=', slot('holdId'))
    .where('status', '=', 'open'),
);
const setCharged = preparedQuery<{ holdId: string; charged: number }, never>((db, slot) =>
  db
    .updateTable('credit_holds')
    .set({ charged: slot('charged') })
    .where('id', '=', slot('holdId')),
);

async function usedToday(trx: MoneyExecutor, userId: string, day: string): Promise<number> {
  const [row] = (await allowanceUsed(trx, { userId, day })).rows;
  return Number(row?.used ?? 0);
}

/** Uses one free plain message of today's allowance; false when it is used up. */
async function takeAllowance(
  trx: MoneyExecutor,
  userId: string,
  day: string,
  limit: number,
): Promise<boolean> {
  if (limit <= 0) return false;
  const result = await incrementAllowance(trx, { userId, day, limit });
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Marks an open hold closed; null when it was already settled or released (each hold closes once),
 * or when `ownerId` is given and the hold is someone else's.
 */
async function closeHold(
  trx: MoneyExecutor,
  holdId: string,
  patch: { status: 'settled' | 'released'; charged: number; reason: string | null; closedAt: string },
  ownerId?: string,
): Promise<CreditHoldRow | null> {
  const [hold] = (await holdById(trx, { holdId })).rows;
  if (!hold || (ownerId !== undefined && hold.user_id !== ownerId)) return null;
  const result = await closeOpenHold(trx, { holdId, ...patch });
  return Number(result.numAffectedRows) === 1 ? hold : null;
}

/**
 * Charges the actual price of a delivered reply from its hold and returns the rest. A plain reply
 * within the tier's daily allowance is free. If the reply cost more than a partial hold covered, the
 * difference is taken from the wallet as far as it goes (never below zero).
 */
export async function settleHold(
  deps: BillingDeps,
  holdId: string,
  input: { actor: Actor; kind: SettledKind; messageId: string },
): Promise<{ charged: number } | null> {
  const { db, clock } = deps;
  const userId = input.actor.userId;
  const prices = await loadPriceSheet(db.kysely, deps.config.prices);
  const entitlements = await getEntitlements(db.kysely, clock, prices, userId);
  return runMoneyTransaction(db, async (trx) => {
    // Claim the hold first: a concurrent settle or the sweeper then finds it closed and does nothing.
    const open = await closeHold(
      trx,
      holdId,
      { status: 'settled', charged: 0, reason: null, closedAt: isoNow(clock) },
      userId,
    );
    if (!open) return null;
    let price = input.kind === 'utility' ? prices.utility : prices.messages[input.kind];
    if (
      input.kind === 'plain' &&
      (await takeAllowance(trx, userId, utcDay(clock), entitlements.dailyMessages))
    ) {
      price = 0;
    }
    const held = Number(open.amount);
    const fromHold = Math.min(price, held);
    const extra = price > held ? Math.min(price - held, await balanceOf(trx, walletAccount(userId))) : 0;
    const charged = fromHold + extra;
    await setCharged(trx, { holdId, charged });
    const entries: EntryInput[] = [
      { accountId: holdsAccount(userId), amount: -held },
      { accountId: walletAccount(userId), amount: held - fromHold - extra },
      { accountId: systemAccount('platform_revenue'), amount: charged },
    ].filter((entry) => entry.amount !== 0);
    if (entries.length > 0) {
      await postTransaction(trx, clock, {
        kind: 'message',
        userId,
        actorUserId: userId,
        reference: `settle:${holdId}`,
        memo: `${input.kind[0].toUpperCase()}${input.kind.slice(1)} message`,
        metadata: { messageId: input.messageId, kind: input.kind, holdId, held, charged },
        entries,
      });
    }
    return { charged };
  });
}

/** Returns a whole hold to the wallet (blocked, aborted, failed, or expired after a crash). */
export async function releaseHold(deps: BillingDeps, holdId: string, reason: string): Promise<boolean> {
  const { db, clock } = deps;
  return runMoneyTransaction(db, async (trx) => {
    const hold = await closeHold(trx, holdId, {
      status: 'released',
      charged: 0,
      reason,
      closedAt: isoNow(clock),
    });
    if (!hold) return false;
    const amount = Number(hold.amount);
    if (amount > 0) {
      await postTransaction(trx, clock, {
        kind: 'release',
        userId: hold.user_id,
        reference: `release:${holdId}`,
        memo: `Hold returned (${reason})`,
        metadata: { holdId, reason },
        entries: [
          { accountId: holdsAccount(hold.user_id), amount: -amount },
          { accountId: walletAccount(hold.user_id), amount },
        ],
      });
    }
    return true;
  });
}

/** The sweeper's job: holds left open past their expiry (a crashed turn) go back to the wallet. */
export async function releaseExpiredHolds(deps: BillingDeps): Promise<number> {
  const expired = await deps.db.kysely
    .selectFrom('credit_holds')
    .select('id')
    .where('status', '=', 'open')
    .where('expires_at', '<=', isoNow(deps.clock))
    .limit(500)
    .execute();
  let released = 0;
  for (const hold of expired) {
    if (await releaseHold(deps, hold.id, 'expired')) released += 1;
  }
  return released;
}
