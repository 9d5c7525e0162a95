// Child process for the crash test: performs spends (reserve → settle) and prints "ack <holdId> <charged>"
// after each one committed. The parent kills it with SIGKILL at a random moment.
import { settleHold, reserveCredits } from '../../src/billing/index.js';
import { createBillingService } from '../../src/billing/index.js';
import type { Actor } from '../../src/accounts/index.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/db/index.js';

const env = process.env;
const db = env.CRASH_PG_URL
  ? openDb({ databaseUrl: env.CRASH_PG_URL, searchPath: env.CRASH_SCHEMA, poolSize: 2 })
  : openDb({ sqlitePath: env.CRASH_SQLITE ?? '' });
const config = loadConfig({ HEARTH_BASIC_DAILY_MESSAGES: '0' });
const billing = createBillingService({ db, clock: systemClock, config: config.billing });
const userId = env.CRASH_USER_ID ?? '';
const actor = { userId } as Actor;
const kinds = ['plain', 'romantic', 'adult'] as const;

for (let index = 0; index < 1000; index += 1) {
  let hold: { id: string };
  try {
    hold = await reserveCredits(billing, { userId, chatId: 'crash', requestId: `r${index}`, rating: 'nsfw' });
  } catch (error) {
    // The race test runs children until the wallet is empty: a 402 ends the loop cleanly.
    if ((error as { code?: string }).code !== 'insufficient_credits') throw error;
    break;
  }
  const result = await settleHold(billing, hold.id, {
    actor,
    kind: kinds[index % 3],
    messageId: `m${index}`,
  });
  process.stdout.write(`ack ${hold.id} ${result?.charged ?? -1}\n`);
}
process.stdout.write('done\n');
await db.close();
