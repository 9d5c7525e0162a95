import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { signUp } from '../src/accounts/index.js';
import {
  createBillingService,
  grantCredits,
  releaseHold,
  reserveCredits,
  runMoneyTransaction,
  settleHold,
  verifyLedger,
} from '../src/billing/index.js';
import type { Actor } from '../src/accounts/index.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDb } from '../src/db/index.js';
import { type Bench, percentile, sampleMs } from './types.js';

/**
 * Cost of money safety on SQLite (file, WAL): one reply's reserve + settle (two BEGIN IMMEDIATE
 * transactions, guarded balance updates, immutable entries) against the floor of one bare
 * single-row UPDATE transaction, plus `ledger verify` time on the resulting ledger.
 */
const bench: Bench = {
  name: 'billing: ledger',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-ledger-bench-'));
    const db = openDb({ sqlitePath: path.join(dir, 'hearth.sqlite') });
    try {
      await migrateToLatest(db.kysely);
      const config = loadConfig({ HEARTH_BASIC_DAILY_MESSAGES: '0' });
      const clock = systemClock;
      const user = await signUp({ config, db, clock, userData: { contributors: [] } } as never, {
        email: 'bench@example.com',
        password: 'correct horse battery staple',
        displayName: 'Bench',
        birthDate: '1990-01-01',
      });
      const billing = createBillingService({ db, clock, config: config.billing });
      await runMoneyTransaction(db, (trx) =>
        grantCredits(
          trx,
          { clock },
          { userId: user.id, amount: 10_000_000, reason: 'bench', actorUserId: null },
        ),
      );
      const actor = { userId: user.id } as Actor;
      let index = 0;
      const spend = await sampleMs(async () => {
        index += 1;
        const hold = await reserveCredits(billing, {
          userId: user.id,
          chatId: 'b',
          requestId: `r${index}`,
          rating: 'nsfw',
        });
        await settleHold(billing, hold.id, { actor, kind: 'romantic', messageId: `m${index}` });
      }, 2000);
      const release = await sampleMs(async () => {
        index += 1;
        const hold = await reserveCredits(billing, {
          userId: user.id,
          chatId: 'b',
          requestId: `r${index}`,
          rating: 'nsfw',
        });
        await releaseHold(billing, hold.id, 'aborted');
      }, 500);
      await sql`CREATE TABLE bench_counter (id integer primary key, value integer)`.execute(db.kysely);
      await sql`INSERT INTO bench_counter VALUES (1, 0)`.execute(db.kysely);
      const bare = await sampleMs(
        () =>
          runMoneyTransaction(db, async (trx) => {
            await sql`UPDATE bench_counter SET value = value + 1 WHERE id = 1`.execute(trx);
          }),
        2000,
      );
      const verifyStart = performance.now();
      const report = await verifyLedger(db.kysely);
      const verifyMs = performance.now() - verifyStart;
      const barePerSecond = 1000 / percentile(bare, 50);
      return [
        {
          name: 'reserve + settle p50 (sqlite file)',
          value: percentile(spend, 50),
          unit: 'ms',
          baseline: { name: '2 × bare UPDATE transaction p50', value: 2 * percentile(bare, 50) },
        },
        {
          name: 'reserve + settle p95 (sqlite file)',
          value: percentile(spend, 95),
          unit: 'ms',
          baseline: { name: '2 × bare UPDATE transaction p95', value: 2 * percentile(bare, 95) },
        },
        {
          name: 'reserve + release p50',
          value: percentile(release, 50),
          unit: 'ms',
          baseline: { name: 'reserve + settle p50', value: percentile(spend, 50) },
        },
        {
          name: 'spends per second (serial)',
          value: 1000 / percentile(spend, 50),
          unit: 'ops/s',
          baseline: { name: 'bare UPDATE transactions per second', value: barePerSecond },
        },
        {
          name: `ledger verify (${report.transactions} transactions, ${report.ok ? 'clean' : 'MISMATCH'})`,
          value: verifyMs,
          unit: 'ms',
          baseline: { name: 'one reserve + settle p50', value: percentile(spend, 50) },
        },
      ];
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
