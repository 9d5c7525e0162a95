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

/**
 * The hold, settlement and release of one reply share this key (their references are `hold:ID`,
 * `settle:ID`, `release:ID`); every other transaction is its own group.
 */
const groupKey = sql<string>`case
  when t.reference like 'hold:%' then substr(t.reference, 6)
  when t.reference like 'settle:%' then substr(t.reference, 8)
  when t.reference like 'release:%' then substr(t.reference, 9)
  else t.id end`;

/**
 * One page of a user's wallet history, newest first; `cursor` is the last id of the previous page.
 * A reply's hold and its settlement or release are one line: what the reply cost (issue 21 item 4 —
 * "held −3" beside "plain message +3" read like earning credits). Replies that cost nothing (free
 * allowance, released holds) leave no line; a hold still open shows as held.
 */
export async function walletHistory(
  db: Kysely<Database>,
  userId: string,
  options: { cursor?: string; limit: number },
): Promise<{ items: WalletLine[]; nextCursor: string | null }> {
  const wallet = walletAccount(userId);
  const lastId = sql<string>`max(t.id)`;
  // A settlement that took exactly the hold moves no wallet credits, so holds entries are read too.
  const walletChange = sql<number>`sum(case when e.account_id = ${wallet} then e.amount else 0 end)`;
  let query = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select([
      lastId.as('id'),
      sql<string>`max(t.created_at)`.as('created_at'),
      sql<string>`max(t.kind)`.as('kind'),
      sql<string>`coalesce(max(case when t.kind = 'message' then t.memo end), max(t.memo))`.as('memo'),
      walletChange.as('amount'),
    ])
    .where('e.account_id', 'in', [wallet, holdsAccount(userId)])
    .groupBy(groupKey)
    .having(walletChange, '!=', 0)
    .orderBy(lastId, 'desc')
    .limit(options.limit + 1);
  if (options.cursor) query = query.having(lastId, '<', options.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      kind: row.kind,
      memo: row.kind === 'hold' ? 'Held for a reply in progress' : row.memo,
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
