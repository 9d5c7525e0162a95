import type { Actor } from '../../src/accounts/index.js';
import { actorFromUser, signUp } from '../../src/accounts/index.js';
import {
  type BillingService,
  createBillingService,
  grantCredits,
  runMoneyTransaction,
} from '../../src/billing/index.js';
import { loadConfig } from '../../src/config.js';
import type { Db, DialectName } from '../../src/db/index.js';
import { createTestDb } from '../helpers/databases.js';
import { fakeClock } from './fake-clock.js';

export interface BillingFixture {
  db: Db;
  clock: ReturnType<typeof fakeClock>;
  billing: BillingService;
  addUser(role?: Actor['role']): Promise<Actor>;
  grant(userId: string, amount: number): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** A migrated database plus a billing service on a fake clock, without HTTP. */
export async function createBillingFixture(
  dialect: DialectName,
  env: Record<string, string> = {},
): Promise<BillingFixture> {
  const db = await createTestDb(dialect);
  const clock = fakeClock();
  const config = loadConfig({ HEARTH_DATA_DIR: '/tmp/hearth-test-unused', ...env });
  const billing = createBillingService({ db, clock, config: config.billing });
  return {
    db,
    clock,
    billing,
    async addUser(role = 'user') {
      counter += 1;
      const services = { config, db, clock, userData: { contributors: [] } } as never;
      const user = await signUp(
        services,
        {
          email: `billing-${counter}-${Math.random().toString(36).slice(2)}@example.com`,
          password: 'correct horse battery staple',
          displayName: `B${counter}`,
          birthDate: '1990-01-01',
        },
        role,
      );
      return actorFromUser(user, 'session');
    },
    async grant(userId, amount) {
      await runMoneyTransaction(db, (trx) =>
        grantCredits(trx, { clock }, { userId, amount, reason: 'test', actorUserId: null }),
      );
    },
    close: () => db.close(),
  };
}

export async function walletOf(db: Db, userId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('id', '=', `wallet:${userId}`)
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}
