import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import { preparedQuery } from '../db/prepared.js';
import type { LedgerAccountKind } from '../db/tables/billing.js';
import { PaymentRequired } from '../errors.js';
import { newId } from '../ids.js';
import type { MoneyExecutor } from './money-transaction.js';

/** Where "buy credits" lives in the web UI; sent with every 402 so clients can link to it. */
export const BUY_CREDITS_PATH = '/wallet?buy=1';

export type SystemAccountKind = 'platform_revenue' | 'payment_clearing' | 'promotions' | 'payouts';

export const walletAccount = (userId: string) => `wallet:${userId}`;
export const holdsAccount = (userId: string) => `holds:${userId}`;
export const earningsAccount = (userId: string) => `earnings:${userId}`;
export const systemAccount = (kind: SystemAccountKind) => `system:${kind}`;

export interface EntryInput {
  accountId: string;
  /** Signed integer credits: positive credits the account, negative debits it. */
  amount: number;
}

export interface TransactionInput {
  kind: string;
  /** The user whose history shows this movement. */
  userId: string | null;
  actorUserId?: string | null;
  /** Unique across the ledger when set: an external effect applied at most once. */
  reference?: string | null;
  memo: string;
  metadata?: Record<string, unknown>;
  entries: EntryInput[];
}

/** A programming error: the caller built a movement that would create or destroy money. */
export class UnbalancedTransaction extends Error {}

function describeAccount(id: string): {
  kind: LedgerAccountKind;
  userId: string | null;
  allowNegative: 0 | 1;
} {
  const [prefix, rest] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  switch (prefix) {
    case 'wallet':
      return { kind: 'wallet', userId: rest, allowNegative: 0 };
    case 'holds':
      return { kind: 'holds', userId: rest, allowNegative: 0 };
    // Earnings may go below zero: a refund claws back a share the creator was already paid out.
    case 'earnings':
      return { kind: 'earnings', userId: rest, allowNegative: 1 };
    case 'system':
      return { kind: rest as SystemAccountKind, userId: null, allowNegative: 1 };
    default:
      throw new Error(`unknown ledger account ${id}`);
  }
}

/** Checks a movement is a balanced set of non-zero integer entries; throws otherwise. */
export function assertBalanced(entries: EntryInput[]): void {
  if (entries.length < 2) throw new UnbalancedTransaction('a transaction needs at least two entries');
  let sum = 0;
  for (const entry of entries) {
    if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) {
      throw new UnbalancedTransaction(`entry amount must be a non-zero integer, got ${entry.amount}`);
    }
    sum += entry.amount;
  }
  if (sum !== 0) throw new UnbalancedTransaction(`entries sum to ${sum}, not zero`);
}

/**
 * `required` is the price of what was asked for, never a hold (issue 21 item 4: a 1-credit reply said
 * "needs 3 credits" because the hold covers the dearest reply kind).
 */
export function insufficientCredits(required: number, balance: number, what = 'This'): PaymentRequired {
  const credits = (n: number) => `${n} ${n === 1 ? 'credit' : 'credits'}`;
  return new PaymentRequired(
    'insufficient_credits',
    `${what} costs ${credits(required)} and your wallet has ${credits(balance)}. Buy credits to continue.`,
    { required, balance, buyUrl: BUY_CREDITS_PATH },
  );
}

/**
 * Posts one balanced movement inside a money transaction: the transaction row, its entries and the
 * cached balances change together. Balances move with a guarded conditional UPDATE, so an account
 * that may not go negative is never overdrawn even when spenders race (PostgreSQL re-checks the guard
 * after the row lock; SQLite writers are serialised). A failed guard throws `insufficient_credits`
 * and the caller's transaction rolls back whole.
 */
export async function postTransaction(
  trx: MoneyExecutor,
  clock: Clock,
  input: TransactionInput,
): Promise<string> {
  assertBalanced(input.entries);
  const now = isoNow(clock);
  const deltas = new Map<string, number>();
  for (const entry of input.entries) {
    deltas.set(entry.accountId, (deltas.get(entry.accountId) ?? 0) + entry.amount);
  }
  // A fixed lock order (by account id) keeps concurrent PostgreSQL transactions from deadlocking.
  const accountIds = [...deltas.keys()].sort();
  await trx
    .insertInto('ledger_accounts')
    .values(
      accountIds.map((id) => {
        const { kind, userId, allowNegative } = describeAccount(id);
        return { id, kind, user_id: userId, balance: 0, allow_negative: allowNegative, created_at: now };
      }),
    )
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();

  for (const accountId of accountIds) {
    const delta = deltas.get(accountId) ?? 0;
    if (delta === 0) continue;
    const result = await trx
      .updateTable('ledger_accounts')
      .set((eb) => ({ balance: eb('balance', '+', delta) }))
      .where('id', '=', accountId)
      .where((eb) => eb.or([eb('allow_negative', '=', 1), eb(eb('balance', '+', delta), '>=', 0)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      const row = await trx
        .selectFrom('ledger_accounts')
        .select('balance')
        .where('id', '=', accountId)
        .executeTakeFirst();
      throw insufficientCredits(-delta, Number(row?.balance ?? 0));
    }
  }

  const transactionId = newId();
  await trx
    .insertInto('ledger_transactions')
    .values({
      id: transactionId,
      kind: input.kind,
      user_id: input.userId,
      actor_user_id: input.actorUserId ?? null,
      reference: input.reference ?? null,
      memo: input.memo,
      metadata: JSON.stringify(input.metadata ?? {}),
      created_at: now,
    })
    .execute();
  await trx
    .insertInto('ledger_entries')
    .values(
      input.entries.map((entry) => ({
        id: newId(),
        transaction_id: transactionId,
        account_id: entry.accountId,
        amount: entry.amount,
        created_at: now,
      })),
    )
    .execute();
  return transactionId;
}

/** Whether a movement with this unique reference was already posted (webhooks, grants). */
export async function hasReference(trx: MoneyExecutor, reference: string): Promise<boolean> {
  const row = await trx
    .selectFrom('ledger_transactions')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row !== undefined;
}

export async function balanceOf(trx: MoneyExecutor, accountId: string): Promise<number> {
  const [row] = (await accountBalance(trx, { accountId })).rows;
  return Number(row?.balance ?? 0);
}

// Every turn's reserve reads the wallet.
const accountBalance = preparedQuery<{ accountId: string }, { balance: number }>((db, slot) =>
  db.selectFrom('ledger_accounts').select('balance').where('id', '=', slot('accountId')),
);
