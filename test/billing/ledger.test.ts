import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signUp } from '../../src/accounts/index.js';
import {
  createBillingService,
  grantCredits,
  runMoneyTransaction,
  systemAccount,
  verifyLedger,
  walletAccount,
} from '../../src/billing/index.js';
import { assertBalanced, postTransaction, UnbalancedTransaction } from '../../src/billing/ledger.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { createTestDb, describeEachDialect } from '../helpers/databases.js';
import { fakeClock } from './fake-clock.js';

describe('assertBalanced', () => {
  it('accepts a zero-sum set of integer entries', () => {
    expect(() =>
      assertBalanced([
        { accountId: 'a', amount: 5 },
        { accountId: 'b', amount: -5 },
      ]),
    ).not.toThrow();
  });
  it('rejects unbalanced, fractional, zero and single entries', () => {
    expect(() =>
      assertBalanced([
        { accountId: 'a', amount: 5 },
        { accountId: 'b', amount: -4 },
      ]),
    ).toThrow(UnbalancedTransaction);
    expect(() =>
      assertBalanced([
        { accountId: 'a', amount: 0.5 },
        { accountId: 'b', amount: -0.5 },
      ]),
    ).toThrow(UnbalancedTransaction);
    expect(() =>
      assertBalanced([
        { accountId: 'a', amount: 0 },
        { accountId: 'b', amount: 0 },
      ]),
    ).toThrow(UnbalancedTransaction);
    expect(() => assertBalanced([{ accountId: 'a', amount: 0 }])).toThrow(UnbalancedTransaction);
  });
});

describeEachDialect('ledger', (dialect) => {
  let db: Db;
  const clock = fakeClock();
  let userId: string;

  beforeEach(async () => {
    db = await createTestDb(dialect);
    const config = loadConfig({ HEARTH_DATA_DIR: '/tmp/hearth-test-unused' });
    const services = { config, db, clock, userData: { register() {} } } as never;
    const user = await signUp(services, {
      email: `ledger-${Math.random()}@example.com`,
      password: 'correct horse battery staple',
      displayName: 'L',
      birthDate: '1990-01-01',
    });
    userId = user.id;
  });
  afterEach(async () => db.close());

  it('posts balanced movements, caches balances and verifies clean', async () => {
    await runMoneyTransaction(db, (trx) =>
      grantCredits(trx, { clock }, { userId, amount: 40, reason: 'welcome', actorUserId: null }),
    );
    const report = await verifyLedger(db.kysely);
    expect(report).toMatchObject({ ok: true, transactions: 1, entries: 2, total: 0 });
    const wallet = await db.kysely
      .selectFrom('ledger_accounts')
      .select('balance')
      .where('id', '=', walletAccount(userId))
      .executeTakeFirstOrThrow();
    expect(Number(wallet.balance)).toBe(40);
  });

  it('refuses to overdraw a wallet and rolls the whole transaction back', async () => {
    await expect(
      runMoneyTransaction(db, (trx) =>
        postTransaction(trx, clock, {
          kind: 'test',
          userId,
          memo: 'overdraw',
          entries: [
            { accountId: walletAccount(userId), amount: -1 },
            { accountId: systemAccount('platform_revenue'), amount: 1 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: 'insufficient_credits', status: 402 });
    expect((await verifyLedger(db.kysely)).transactions).toBe(0);
  });

  it('ledger entries and transactions cannot be updated or deleted (database triggers)', async () => {
    await runMoneyTransaction(db, (trx) =>
      grantCredits(trx, { clock }, { userId, amount: 10, reason: 'seed', actorUserId: null }),
    );
    await expect(sql`UPDATE ledger_entries SET amount = 999`.execute(db.kysely)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM ledger_entries`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE ledger_transactions SET memo = 'x'`.execute(db.kysely)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM ledger_transactions`.execute(db.kysely)).rejects.toThrow(/append-only/);
    expect((await verifyLedger(db.kysely)).ok).toBe(true);
  });

  it('verify detects a tampered cached balance and a forged unbalanced entry', async () => {
    await runMoneyTransaction(db, (trx) =>
      grantCredits(trx, { clock }, { userId, amount: 10, reason: 'seed', actorUserId: null }),
    );
    await sql`UPDATE ledger_accounts SET balance = 11 WHERE id = ${walletAccount(userId)}`.execute(db.kysely);
    let report = await verifyLedger(db.kysely);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain('cached 11, entries say 10');
    await sql`UPDATE ledger_accounts SET balance = 10 WHERE id = ${walletAccount(userId)}`.execute(db.kysely);
    const tx = await db.kysely.selectFrom('ledger_transactions').select('id').executeTakeFirstOrThrow();
    await sql`INSERT INTO ledger_entries (id, transaction_id, account_id, amount, created_at) VALUES ('forged', ${tx.id}, ${walletAccount(userId)}, 5, 'x')`.execute(
      db.kysely,
    );
    report = await verifyLedger(db.kysely);
    expect(report.ok).toBe(false);
    expect(report.problems.some((problem) => problem.includes('summing to 5'))).toBe(true);
  });

  it('a billing service builds from config with the ledger credits stage', async () => {
    const service = createBillingService({ db, clock, config: loadConfig({}).billing });
    expect(service.credits.name).toBe('ledger');
    expect(service.payments).toBeNull();
    expect(await service.entitlementsOf(userId)).toMatchObject({
      tier: 'basic',
      dailyMessages: 30,
      modelRoute: null,
    });
  });
});
