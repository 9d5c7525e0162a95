import { findUserByEmail } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import { grantCredits, revokeCredits } from './grants.js';
import { balanceOf, walletAccount } from './ledger.js';
import { runMoneyTransaction } from './money-transaction.js';
import { type LedgerReport, verifyLedger } from './verify-ledger.js';

/** `hearth ledger verify`: the report text and whether it is clean (the CLI exits 1 when not). */
export async function ledgerVerifyText(db: Db): Promise<{ ok: boolean; text: string; report: LedgerReport }> {
  const report = await verifyLedger(db.kysely);
  const summary = `${report.transactions} transactions, ${report.entries} entries, ${report.accounts} accounts, total ${report.total}`;
  const text = report.ok
    ? `Ledger OK: ${summary}.`
    : `Ledger MISMATCH (${report.problems.length} problems): ${summary}\n${report.problems.map((problem) => `  - ${problem}`).join('\n')}`;
  return { ok: report.ok, text, report };
}

/**
 * `hearth credits grant|revoke --email E --amount N --reason R` (the manual payment provider).
 * Returns the message for the operator; throws with a user-facing message on bad input.
 */
export async function changeCreditsFromCli(
  db: Db,
  clock: Clock,
  options: { email: string; amount: string; reason: string; revoke?: boolean },
): Promise<string> {
  const amount = Number(options.amount);
  if (!/^\d+$/.test(options.amount) || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new Error('--amount must be a positive whole number of credits');
  }
  if (options.reason.trim().length < 3) throw new Error('--reason must say why (at least 3 characters)');
  const user = await findUserByEmail(db.kysely, options.email);
  if (!user || user.status === 'deleted') throw new Error(`no user with email ${options.email}`);
  const balance = await runMoneyTransaction(db, async (trx) => {
    const move = options.revoke ? revokeCredits : grantCredits;
    await move(trx, { clock }, { userId: user.id, amount, reason: options.reason.trim(), actorUserId: null });
    return balanceOf(trx, walletAccount(user.id));
  });
  return `${options.revoke ? 'Revoked' : 'Granted'} ${amount} credits ${options.revoke ? 'from' : 'to'} ${user.email}; balance now ${balance}.`;
}
