import { sql } from 'kysely';
import type { Actor } from '../accounts/index.js';
import { isoNow } from '../clock.js';
import { BadRequest, Conflict, Forbidden, NotFound } from '../errors.js';
import { newId } from '../ids.js';
import { publicPayout } from './creator-payouts.js';
import type { BillingDeps } from './deps.js';
import { earningsAccount } from './ledger.js';
import type { MoneyExecutor } from './money-transaction.js';
import { recordSale } from './sales.js';
import type { BillingService } from './service.js';

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

/** Offers of a character the caller may see; a hidden one (a private draft) is a 404 like everywhere else. */
export async function listOffers(deps: BillingService, actor: Actor, characterId: string) {
  if (!(await deps.hooks.canViewCharacter(actor, characterId))) {
    throw new NotFound('character_not_found', 'No such character.');
  }
  return deps.db.kysely
    .selectFrom('creator_offers')
    .select(['id', 'character_id as characterId', 'kind', 'media_id as mediaId', 'credits'])
    .where('character_id', '=', characterId)
    .where('active', '=', 1)
    .execute();
}

/**
 * Refuses, before any money moves, an offer whose character the buyer may not see (issue 13, low:
 * offers on a creator's private draft could be bought). Checked outside the purchase transaction:
 * the visibility lookup must not wait on the connection that transaction holds (SQLite).
 */
export async function assertOfferVisible(deps: BillingService, actor: Actor, offerId: string): Promise<void> {
  const offer = await deps.db.kysely
    .selectFrom('creator_offers')
    .select('character_id')
    .where('id', '=', offerId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!offer || !(await deps.hooks.canViewCharacter(actor, offer.character_id))) {
    throw new NotFound('offer_not_found', 'No such offer.');
  }
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
