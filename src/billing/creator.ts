import { sql } from 'kysely';
import type { Actor } from '../accounts/index.js';
import { hasRole } from '../accounts/index.js';
import { isoNow } from '../clock.js';
import type { PayoutRow } from '../db/tables/billing.js';
import { BadRequest, Conflict, Forbidden, NotFound } from '../errors.js';
import { newId } from '../ids.js';
import type { BillingDeps } from './deps.js';
import { earningsAccount, postTransaction, systemAccount } from './ledger.js';
import type { MoneyExecutor } from './money-transaction.js';
import { recordSale } from './sales.js';

/** A creator's own offers: a monthly subscription to a character, or one locked media item. */
export interface OfferInput {
  characterId: string;
  kind: 'subscription' | 'media';
  mediaId?: string;
  credits: number;
}

export const SUBSCRIPTION_DAYS = 30;

export async function upsertOffer(
  deps: BillingDeps,
  actor: Actor,
  ownerId: string | null,
  input: OfferInput,
) {
  if (!ownerId) throw new NotFound('character_not_found', 'No such character.');
  if (ownerId !== actor.userId)
    throw new Forbidden('forbidden', 'Only the character’s creator can price it.');
  if (input.kind === 'media' && !input.mediaId)
    throw new BadRequest('bad_request', 'A media offer needs a mediaId.');
  const db = deps.db.kysely;
  const mediaId = input.kind === 'media' ? (input.mediaId ?? null) : null;
  const now = isoNow(deps.clock);
  let query = db
    .selectFrom('creator_offers')
    .select('id')
    .where('character_id', '=', input.characterId)
    .where('kind', '=', input.kind);
  query = mediaId ? query.where('media_id', '=', mediaId) : query.where('media_id', 'is', null);
  const existing = await query.executeTakeFirst();
  if (existing) {
    await db
      .updateTable('creator_offers')
      .set({ credits: input.credits, active: 1, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, ...input, mediaId };
  }
  const id = newId();
  await db
    .insertInto('creator_offers')
    .values({
      id,
      creator_user_id: actor.userId,
      character_id: input.characterId,
      kind: input.kind,
      media_id: mediaId,
      credits: input.credits,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, ...input, mediaId };
}

export async function listOffers(deps: BillingDeps, characterId: string) {
  return deps.db.kysely
    .selectFrom('creator_offers')
    .select(['id', 'character_id as characterId', 'kind', 'media_id as mediaId', 'credits'])
    .where('character_id', '=', characterId)
    .where('active', '=', 1)
    .execute();
}

/** Buys an offer with credits (80/20 split in the same transaction as the access it grants). */
export async function buyOffer(
  trx: MoneyExecutor,
  deps: BillingDeps,
  actor: Actor,
  offerId: string,
  sharePercent: number,
) {
  const offer = await trx
    .selectFrom('creator_offers')
    .selectAll()
    .where('id', '=', offerId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!offer) throw new NotFound('offer_not_found', 'No such offer.');
  if (offer.creator_user_id === actor.userId)
    throw new Forbidden('forbidden', 'You cannot buy your own offer.');
  const now = deps.clock.now();
  if (offer.kind === 'subscription') {
    const current = await trx
      .selectFrom('billing_subscriptions')
      .select('id')
      .where('user_id', '=', actor.userId)
      .where('kind', '=', 'character')
      .where('character_id', '=', offer.character_id)
      .where('status', '=', 'active')
      .where('current_period_end', '>', now.toISOString())
      .executeTakeFirst();
    if (current) throw new Conflict('already_owned', 'You already subscribe to this character.');
  } else {
    const owned = await trx
      .selectFrom('creator_sales')
      .select('id')
      .where('buyer_user_id', '=', actor.userId)
      .where('kind', '=', 'media')
      .where('item_id', '=', offer.media_id ?? '')
      .where(sql<boolean>`refunded_credits < credits`)
      .executeTakeFirst();
    if (owned) throw new Conflict('already_owned', 'You already unlocked this media.');
  }
  const sale = await recordSale(trx, deps, {
    buyerUserId: actor.userId,
    creatorUserId: offer.creator_user_id,
    kind: offer.kind,
    characterId: offer.character_id,
    itemId: offer.kind === 'media' ? (offer.media_id ?? '') : offer.character_id,
    credits: Number(offer.credits),
    creatorSharePercent: sharePercent,
    memo: offer.kind === 'media' ? 'Unlocked media' : 'Character subscription (30 days)',
  });
  if (offer.kind === 'subscription') {
    const end = new Date(now.getTime() + SUBSCRIPTION_DAYS * 86_400_000).toISOString();
    await trx
      .insertInto('billing_subscriptions')
      .values({
        id: newId(),
        user_id: actor.userId,
        kind: 'character',
        character_id: offer.character_id,
        creator_user_id: offer.creator_user_id,
        status: 'active',
        provider: 'credits',
        provider_ref: null,
        current_period_end: end,
        cancel_at_period_end: 1,
        last_event_at: now.toISOString(),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
  }
  return sale;
}

/** For the media layer: whether a user has unlocked a locked media item (a sale not fully refunded). */
export async function hasUnlockedMedia(deps: BillingDeps, userId: string, mediaId: string): Promise<boolean> {
  const row = await deps.db.kysely
    .selectFrom('creator_sales')
    .select('id')
    .where('buyer_user_id', '=', userId)
    .where('kind', '=', 'media')
    .where('item_id', '=', mediaId)
    .where(sql<boolean>`refunded_credits < credits`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function creatorEarnings(deps: BillingDeps, creatorUserId: string) {
  const db = deps.db.kysely;
  const account = await db
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('id', '=', earningsAccount(creatorUserId))
    .executeTakeFirst();
  const byKind = await db
    .selectFrom('creator_sales')
    .select([
      'kind',
      sql<number>`count(*)`.as('count'),
      sql<number>`sum(credits)`.as('gross'),
      sql<number>`sum(creator_credits)`.as('earned'),
      sql<number>`sum(refunded_credits)`.as('refunded'),
    ])
    .where('creator_user_id', '=', creatorUserId)
    .groupBy('kind')
    .execute();
  const recent = await db
    .selectFrom('creator_sales')
    .select([
      'id',
      'kind',
      'character_id as characterId',
      'item_id as itemId',
      'credits',
      'creator_credits as creatorCredits',
      'refunded_credits as refundedCredits',
      'created_at as createdAt',
    ])
    .where('creator_user_id', '=', creatorUserId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const payouts = await db
    .selectFrom('creator_payouts')
    .selectAll()
    .where('creator_user_id', '=', creatorUserId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return {
    balance: Number(account?.balance ?? 0),
    byKind: byKind.map((row) => ({
      kind: row.kind,
      count: Number(row.count),
      gross: Number(row.gross),
      earned: Number(row.earned),
      refunded: Number(row.refunded),
    })),
    recent: recent.map((row) => ({
      ...row,
      credits: Number(row.credits),
      creatorCredits: Number(row.creatorCredits),
      refundedCredits: Number(row.refundedCredits),
    })),
    payouts: payouts.map(publicPayout),
  };
}

export function publicPayout(row: PayoutRow) {
  return {
    id: row.id,
    creatorUserId: row.creator_user_id,
    credits: Number(row.credits),
    status: row.status,
    provider: row.provider,
    providerRef: row.provider_ref,
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Interface a payout rail implements (manual today; Stripe Connect transfers later). */
export interface PayoutProvider {
  readonly name: string;
  /** Sends the money; returns the rail's reference (a transfer id, or the admin's note). */
  send(payout: {
    id: string;
    creatorUserId: string;
    credits: number;
    note?: string;
  }): Promise<{ reference: string }>;
}

export const manualPayouts: PayoutProvider = {
  name: 'manual',
  async send(payout) {
    return { reference: payout.note?.trim() || `manual:${payout.id}` };
  },
};

/** Moves requested earnings into the payouts account so they cannot be spent twice while pending. */
export async function requestPayout(
  trx: MoneyExecutor,
  deps: BillingDeps,
  actor: Actor,
  credits: number,
  threshold: number,
) {
  if (!hasRole(actor, 'creator')) throw new Forbidden('forbidden', 'Payouts are for creators.');
  if (credits < threshold) {
    throw new BadRequest('payout_below_threshold', `Payouts start at ${threshold} credits.`, { threshold });
  }
  // Earnings may go negative after refunds, so the guard is an explicit check under the row lock.
  const lock = deps.db.dialect === 'postgres' ? sql` FOR UPDATE` : sql``;
  const result = await sql<{
    balance: number;
  }>`SELECT balance FROM ledger_accounts WHERE id = ${earningsAccount(actor.userId)}${lock}`.execute(trx);
  const balance = Number(result.rows[0]?.balance ?? 0);
  if (balance < credits) {
    throw new BadRequest('invalid_amount', `You can request at most ${Math.max(0, balance)} credits.`, {
      balance,
    });
  }
  const id = newId();
  const now = isoNow(deps.clock);
  await postTransaction(trx, deps.clock, {
    kind: 'payout_request',
    userId: actor.userId,
    actorUserId: actor.userId,
    reference: `payout:${id}:request`,
    memo: 'Payout requested',
    entries: [
      { accountId: earningsAccount(actor.userId), amount: -credits },
      { accountId: systemAccount('payouts'), amount: credits },
    ],
  });
  const row = {
    id,
    creator_user_id: actor.userId,
    credits,
    status: 'requested' as const,
    provider: 'manual',
    provider_ref: null,
    decided_by: null,
    note: null,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('creator_payouts').values(row).execute();
  return publicPayout(row);
}

const NEXT: Record<string, PayoutRow['status'][]> = {
  approve: ['requested'],
  reject: ['requested', 'approved'],
  paid: ['approved'],
};

/** Admin decisions: approve → paid (money leaves through the payout rail) or reject (back to earnings). */
export async function decidePayout(
  trx: MoneyExecutor,
  deps: BillingDeps,
  provider: PayoutProvider,
  input: { payoutId: string; action: 'approve' | 'reject' | 'paid'; adminUserId: string; note?: string },
) {
  const payout = await trx
    .selectFrom('creator_payouts')
    .selectAll()
    .where('id', '=', input.payoutId)
    .executeTakeFirst();
  if (!payout) throw new NotFound('payout_not_found', 'No such payout.');
  if (!NEXT[input.action].includes(payout.status)) {
    throw new Conflict('payout_invalid_state', `A ${payout.status} payout cannot be marked ${input.action}.`);
  }
  const status = input.action === 'approve' ? 'approved' : input.action === 'reject' ? 'rejected' : 'paid';
  const updated = await trx
    .updateTable('creator_payouts')
    .set({
      status,
      decided_by: input.adminUserId,
      note: input.note ?? payout.note,
      updated_at: isoNow(deps.clock),
    })
    .where('id', '=', payout.id)
    .where('status', '=', payout.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new Conflict('payout_invalid_state', 'The payout changed; reload.');
  const credits = Number(payout.credits);
  if (input.action === 'reject') {
    await postTransaction(trx, deps.clock, {
      kind: 'payout_rejected',
      userId: payout.creator_user_id,
      actorUserId: input.adminUserId,
      reference: `payout:${payout.id}:reject`,
      memo: input.note ?? 'Payout rejected',
      entries: [
        { accountId: systemAccount('payouts'), amount: -credits },
        { accountId: earningsAccount(payout.creator_user_id), amount: credits },
      ],
    });
  }
  if (input.action === 'paid') {
    const { reference } = await provider.send({
      id: payout.id,
      creatorUserId: payout.creator_user_id,
      credits,
      note: input.note,
    });
    await trx
      .updateTable('creator_payouts')
      .set({ provider: provider.name, provider_ref: reference })
      .where('id', '=', payout.id)
      .execute();
    await postTransaction(trx, deps.clock, {
      kind: 'payout_paid',
      userId: payout.creator_user_id,
      actorUserId: input.adminUserId,
      reference: `payout:${payout.id}:paid`,
      memo: 'Payout sent',
      metadata: { providerRef: reference },
      entries: [
        { accountId: systemAccount('payouts'), amount: -credits },
        { accountId: systemAccount('payment_clearing'), amount: credits },
      ],
    });
  }
  const row = await trx
    .selectFrom('creator_payouts')
    .selectAll()
    .where('id', '=', payout.id)
    .executeTakeFirstOrThrow();
  return publicPayout(row);
}
