import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { signUp } from '../../src/accounts/index.js';
import {
  createBillingService,
  grantCredits,
  releaseExpiredHolds,
  runMoneyTransaction,
  verifyLedger,
} from '../../src/billing/index.js';
import { loadConfig } from '../../src/config.js';
import { type Db, migrateToLatest, openDb } from '../../src/db/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { fakeClock } from './fake-clock.js';

const GRANT = 10_000;

interface Target {
  open(): Db;
  childEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

async function makeTarget(dialect: 'sqlite' | 'postgres'): Promise<Target> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-crash-'));
    const file = path.join(dir, 'hearth.sqlite');
    return {
      open: () => openDb({ sqlitePath: file }),
      childEnv: { CRASH_SQLITE: file },
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.DATABASE_URL_TEST ?? '';
  const schema = `t_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    open: () => openDb({ databaseUrl: url, searchPath: schema, poolSize: 3 }),
    childEnv: { CRASH_PG_URL: url, CRASH_SCHEMA: schema },
    cleanup: async () => {
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleaner.end();
    },
  };
}

/** Runs the child; with `killAfter`, SIGKILLs it once it has acknowledged that many spends. */
function runChild(env: Record<string, string>, killAfter?: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'crash-child.ts')],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acked = new Map<string, number>();
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [tag, id, charged] = line.split(' ');
        if (tag === 'ack') acked.set(id, Number(charged));
      }
      if (killAfter !== undefined && acked.size >= killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      const expected = killAfter === undefined ? code === 0 : signal === 'SIGKILL';
      if (expected) resolve(acked);
      else reject(new Error(`child ended unexpectedly (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describeEachDialect('crash safety', (dialect) => {
  it('a server killed with SIGKILL mid-spend loses and creates no money; every acknowledged spend is kept', async () => {
    const target = await makeTarget(dialect);
    try {
      const clock = fakeClock(new Date().toISOString());
      const config = loadConfig({ HEARTH_BASIC_DAILY_MESSAGES: '0' });
      let db = target.open();
      await migrateToLatest(db.kysely);
      const user = await signUp({ config, db, clock, userData: { contributors: [] } } as never, {
        email: 'crash@example.com',
        password: 'correct horse battery staple',
        displayName: 'C',
        birthDate: '1990-01-01',
      });
      await runMoneyTransaction(db, (trx) =>
        grantCredits(
          trx,
          { clock },
          { userId: user.id, amount: GRANT, reason: 'crash test', actorUserId: null },
        ),
      );
      await db.close();

      const killAfter = 100 + Math.floor(Math.random() * 700);
      const acked = await runChild({ ...target.childEnv, CRASH_USER_ID: user.id }, killAfter);
      expect(acked.size).toBeGreaterThanOrEqual(killAfter);

      // Restart: the sweeper (clock past the hold expiry) returns whatever the crash left held.
      db = target.open();
      clock.advance(3_600_000);
      const billing = createBillingService({ db, clock, config: config.billing });
      await releaseExpiredHolds(billing);
      const report = await verifyLedger(db.kysely);
      expect(report.problems).toEqual([]);

      const holds = await db.kysely.selectFrom('credit_holds').select(['id', 'status', 'charged']).execute();
      const byId = new Map(holds.map((hold) => [hold.id, hold]));
      for (const [id, charged] of acked) {
        expect(byId.get(id)).toMatchObject({ status: 'settled', charged });
      }
      expect(holds.filter((hold) => hold.status === 'open')).toHaveLength(0);
      const accounts = await db.kysely.selectFrom('ledger_accounts').select(['id', 'balance']).execute();
      const balance = (id: string) => Number(accounts.find((account) => account.id === id)?.balance ?? 0);
      const charged = holds.reduce((sum, hold) => sum + Number(hold.charged ?? 0), 0);
      expect(balance(`holds:${user.id}`)).toBe(0);
      expect(balance('system:platform_revenue')).toBe(charged);
      expect(balance(`wallet:${user.id}`)).toBe(GRANT - charged);
      await db.close();
    } finally {
      await target.cleanup();
    }
  }, 120_000);

  it('two server processes spending from one wallet never overdraw it', async () => {
    const target = await makeTarget(dialect);
    try {
      const clock = fakeClock(new Date().toISOString());
      const config = loadConfig({ HEARTH_BASIC_DAILY_MESSAGES: '0' });
      const db = target.open();
      await migrateToLatest(db.kysely);
      const user = await signUp({ config, db, clock, userData: { contributors: [] } } as never, {
        email: 'race@example.com',
        password: 'correct horse battery staple',
        displayName: 'R',
        birthDate: '1990-01-01',
      });
      await runMoneyTransaction(db, (trx) =>
        grantCredits(
          trx,
          { clock },
          { userId: user.id, amount: 600, reason: 'race test', actorUserId: null },
        ),
      );
      const env = { ...target.childEnv, CRASH_USER_ID: user.id };
      const [first, second] = await Promise.all([runChild(env), runChild(env)]);
      const holds = await db.kysely.selectFrom('credit_holds').select(['status', 'charged']).execute();
      const charged = holds.reduce((sum, hold) => sum + Number(hold.charged ?? 0), 0);
      expect(first.size + second.size).toBe(holds.length);
      expect(charged).toBe(600);
      expect(holds.every((hold) => hold.status === 'settled')).toBe(true);
      const wallet = await db.kysely
        .selectFrom('ledger_accounts')
        .select('balance')
        .where('id', '=', `wallet:${user.id}`)
        .executeTakeFirstOrThrow();
      expect(Number(wallet.balance)).toBe(0);
      expect((await verifyLedger(db.kysely)).problems).toEqual([]);
      await db.close();
    } finally {
      await target.cleanup();
    }
  }, 120_000);
});
