import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { Db } from './db/index.js';
import type { Foreground } from './foreground.js';
import type { UserDataRegistry } from './accounts/user-data.js';
import type { ChatServices } from './chat/ports.js';
import type { BillingService } from './billing/index.js';
import type { RealMemoryStage } from './memory/index.js';
import type { ModelRegistry } from './providers/index.js';

/**
 * The long-lived parts a running Hearth is made of, built once by `serve` (or a test) and handed to
 * `buildApp`. Layers add their services here as they land; routes reach them through `app.services`.
 */
export interface Services {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  /** Keys the hashes of sessions and API keys. */
  readonly secret: string;
  /** Each layer registers how to export and delete what it stores about a user. */
  readonly userData: UserDataRegistry;
  /** The turn pipeline's collaborators: characters, models and the pluggable stages. */
  readonly chat: ChatServices;
  /** Money: ledger, credits stage, payments, creator economy (src/billing). */
  readonly billing: BillingService;
  /** Memory: recall stage, background extraction, the memory panel's data (src/memory). */
  readonly memory: RealMemoryStage;
  /** Language/embedding models from config, with routing and fallback (src/providers). */
  readonly models: ModelRegistry;
  /** HTTP requests in flight (counted by an app hook); background jobs wait for a quiet moment. */
  readonly foreground: Foreground;
}
