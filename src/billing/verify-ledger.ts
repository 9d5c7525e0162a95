import { sql } from 'kysely';
import type { Database } from '../db/index.js';
import type { Kysely } from 'kysely';

export interface LedgerReport {
  ok: boolean;
  transactions: number;
  entries: number;
  accounts: number;
  /** Sum of every account balance; always 0 in a healthy ledger. */
  total: number;
  problems: string[];
}

/**
 * Recomputes everything from the immutable entries and compares: every transaction sums to zero and
 * has ≥ 2 entries, every cached balance equals its entries, no guarded account is negative, money in
 * the system sums to zero, and each user's holds account equals their open holds.
 */
export async function verifyLedger(db: Kysely<Database>): Promise<LedgerReport> {
  const problems: string[] = [];

  const unbalanced = await db
    .selectFrom('ledger_entries')
    .select(['transaction_id', sql<number>`sum(amount)`.as('total'), sql<number>`count(*)`.as('count')])
    .groupBy('transaction_id')
    .having((eb) => eb.or([eb(sql`sum(amount)`, '!=', 0), eb(sql`count(*)`, '<', 2)]))
    .execute();
  for (const row of unbalanced) {
    problems.push(`transaction ${row.transaction_id}: ${row.count} entries summing to ${row.total}`);
  }

  const empty = await db
    .selectFrom('ledger_transactions as t')
    .leftJoin('ledger_entries as e', 'e.transaction_id', 't.id')
    .select('t.id')
    .where('e.id', 'is', null)
    .execute();
  for (const row of empty) problems.push(`transaction ${row.id} has no entries`);

  const accounts = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin(
      db
        .selectFrom('ledger_entries')
        .select(['account_id', sql<number>`sum(amount)`.as('derived')])
        .groupBy('account_id')
        .as('d'),
      'd.account_id',
      'a.id',
    )
    .select(['a.id', 'a.balance', 'a.allow_negative', 'd.derived'])
    .execute();
  let total = 0;
  for (const account of accounts) {
    const cached = Number(account.balance);
    const derived = Number(account.derived ?? 0);
    total += derived;
    if (cached !== derived) problems.push(`account ${account.id}: cached ${cached}, entries say ${derived}`);
    if (account.allow_negative !== 1 && derived < 0)
      problems.push(`account ${account.id} is negative (${derived})`);
  }
  if (total !== 0) problems.push(`all accounts sum to ${total}, not zero`);

  const orphanEntries = await db
    .selectFrom('ledger_entries as e')
    .leftJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select('e.id')
    .where('a.id', 'is', null)
    .execute();
  for (const row of orphanEntries) problems.push(`entry ${row.id} points at no account`);

  const holds = await db
    .selectFrom('credit_holds')
    .select(['user_id', sql<number>`sum(amount)`.as('open')])
    .where('status', '=', 'open')
    .groupBy('user_id')
    .execute();
  const openByUser = new Map(holds.map((row) => [row.user_id, Number(row.open)]));
  for (const account of accounts.filter((candidate) => candidate.id.startsWith('holds:'))) {
    const userId = account.id.slice('holds:'.length);
    const open = openByUser.get(userId) ?? 0;
    if (Number(account.derived ?? 0) !== open) {
      problems.push(
        `holds of ${userId}: account holds ${Number(account.derived ?? 0)}, open holds sum to ${open}`,
      );
    }
    openByUser.delete(userId);
  }
  for (const [userId, open] of openByUser)
    problems.push(`holds of ${userId}: ${open} open but no holds account`);

  const [{ transactions }] = await db
    .selectFrom('ledger_transactions')
    .select(sql<number>`count(*)`.as('transactions'))
    .execute();
  const [{ entries }] = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`count(*)`.as('entries'))
    .execute();
  return {
    ok: problems.length === 0,
    transactions: Number(transactions),
    entries: Number(entries),
    accounts: accounts.length,
    total,
    problems,
  };
}
