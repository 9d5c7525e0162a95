import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { BillingConfig } from './config.js';

/** What the money layer needs from the running app; built once from `Services`. */
export interface BillingDeps {
  db: Db;
  clock: Clock;
  config: BillingConfig;
}
