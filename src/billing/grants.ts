import { BadRequest } from '../errors.js';
import type { BillingDeps } from './deps.js';
import { postTransaction, systemAccount, walletAccount } from './ledger.js';
import type { MoneyExecutor } from './money-transaction.js';

export interface GrantInput {
  userId: string;
  amount: number;
  reason: string;
  actorUserId: string | null;
  /** Unique ledger reference when the grant answers an external event (e.g. an invoice). */
  reference?: string;
}

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new BadRequest('invalid_amount', 'The amount must be a positive whole number of credits.');
  }
}

/** Manual provider / promotions: credits created from the promotions account into a wallet. */
export async function grantCredits(trx: MoneyExecutor, deps: Pick<BillingDeps, 'clock'>, input: GrantInput) {
  assertAmount(input.amount);
  return postTransaction(trx, deps.clock, {
    kind: 'grant',
    userId: input.userId,
    actorUserId: input.actorUserId,
    reference: input.reference ?? null,
    memo: input.reason,
    metadata: { reason: input.reason },
    entries: [
      { accountId: systemAccount('promotions'), amount: -input.amount },
      { accountId: walletAccount(input.userId), amount: input.amount },
    ],
  });
}

/** Takes credits back into promotions; a revocation larger than the wallet fails with 402 and changes nothing. */
export async function revokeCredits(trx: MoneyExecutor, deps: Pick<BillingDeps, 'clock'>, input: GrantInput) {
  assertAmount(input.amount);
  return postTransaction(trx, deps.clock, {
    kind: 'revocation',
    userId: input.userId,
    actorUserId: input.actorUserId,
    reference: input.reference ?? null,
    memo: input.reason,
    metadata: { reason: input.reason },
    entries: [
      { accountId: walletAccount(input.userId), amount: -input.amount },
      { accountId: systemAccount('promotions'), amount: input.amount },
    ],
  });
}
