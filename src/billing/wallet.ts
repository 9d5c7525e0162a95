import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { holdsAccount, walletAccount } from './ledger.js';

export interface WalletLine {
  id: string;
  createdAt: string;
  kind: string;
  memo: string;
  /** Signed change of the wallet (holds count as spent until settled or released). */
  amount: number;
}

/** One page of a user's wallet history, newest first; `cursor` is the last id of the previous page. */
export async function walletHistory(
  db: Kysely<Database>,
  userId: string,
  options: { cursor?: string; limit: number },
): Promise<{ items: WalletLine[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['t.id', 't.created_at', 't.kind', 't.memo', sql<number>`sum(e.amount)`.as('amount')])
    .where('e.account_id', '=', walletAccount(userId))
    .groupBy(['t.id', 't.created_at', 't.kind', 't.memo'])
    .orderBy('t.id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) query = query.where('t.id', '<', options.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      kind: row.kind,
      memo: row.memo,
      amount: Number(row.amount),
    })),
    nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function walletBalances(
  db: Kysely<Database>,
  userId: string,
): Promise<{ balance: number; held: number }> {
  const rows = await db
    .selectFrom('ledger_accounts')
    .select(['id', 'balance'])
    .where('id', 'in', [walletAccount(userId), holdsAccount(userId)])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, Number(row.balance)]));
  return { balance: byId.get(walletAccount(userId)) ?? 0, held: byId.get(holdsAccount(userId)) ?? 0 };
}

function csvCell(value: string | number): string {
  const text = String(value);
  // Quote everything textual and defuse spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function walletCsv(lines: WalletLine[]): string {
  const header = 'id,created_at,kind,memo,amount';
  return [
    header,
    ...lines.map((line) =>
      [line.id, line.createdAt, line.kind, line.memo, line.amount].map(csvCell).join(','),
    ),
  ].join('\r\n');
}
