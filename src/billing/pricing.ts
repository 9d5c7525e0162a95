import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import type { PriceSheet } from './config.js';
import { priceSheetSchema } from './config.js';

const PRICES_KEY = 'prices';

// Every turn reserves and settles, and both read it.
const savedSheet = preparedQuery<Record<string, never>, { value: string }>((db) =>
  db.selectFrom('billing_settings').select('value').where('key', '=', PRICES_KEY),
);

/** The price sheet in force: an admin's saved sheet if any, else the config defaults. */
export async function loadPriceSheet(db: Kysely<Database>, defaults: PriceSheet): Promise<PriceSheet> {
  const [row] = (await savedSheet(db, {})).rows;
  if (!row) return defaults;
  const parsed = priceSheetSchema.safeParse(JSON.parse(row.value));
  // A sheet saved by an older version that no longer validates falls back to config, never breaks billing.
  return parsed.success ? parsed.data : defaults;
}

export async function savePriceSheet(
  db: Kysely<Database>,
  clock: Clock,
  sheet: PriceSheet,
  adminUserId: string,
): Promise<void> {
  const value = JSON.stringify(priceSheetSchema.parse(sheet));
  const now = isoNow(clock);
  await db
    .insertInto('billing_settings')
    .values({ key: PRICES_KEY, value, updated_at: now, updated_by: adminUserId })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({ value, updated_at: now, updated_by: adminUserId }),
    )
    .execute();
}

/** Creator share of a sale, rounded down; the platform keeps the remainder so the split sums exactly. */
export function splitSale(
  credits: number,
  creatorSharePercent: number,
): { creator: number; platform: number } {
  const creator = Math.floor((credits * creatorSharePercent) / 100);
  return { creator, platform: credits - creator };
}
