// Creator payouts: requesting earnings, the admin approve/reject/paid flow, and the rail that sends money.
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
