import type { Config } from './config.js';
import { type Clock, systemClock } from './clock.js';
import { type Db, migrateToLatest, openDb, sqliteFileIn } from './db/index.js';
import { UserDataRegistry } from './accounts/index.js';
import { characterUserData, createChatCharacters } from './characters/index.js';
import { safetyUserData } from './safety/index.js';
import { ensureSecret } from './secret.js';
import type { Services } from './services.js';
import { type ChatServices, chatUserData } from './chat/index.js';
import { wireChat } from './wire-chat.js';
import { wireBillingHooks } from './wire-billing.js';
import { wireSafety } from './wire-safety.js';
import { billingUserData, createBillingService } from './billing/index.js';
import { createMemoryStage, createSifEmbedder, defaultGloveBinary, memoryUserData } from './memory/index.js';
import type { EmbeddingModel, LanguageModel } from './providers/index.js';
import { createModelRegistry, type ModelRegistry } from './providers/index.js';
import { Foreground } from './foreground.js';

export function openConfiguredDb(config: Config): Db {
  return config.databaseUrl
    ? openDb({ databaseUrl: config.databaseUrl })
    : openDb({ sqlitePath: sqliteFileIn(config.dataDir) });
}

export type ChatOverrides = Omit<Partial<ChatServices>, 'stages'> & {
  stages?: Partial<ChatServices['stages']>;
};

export interface ServiceOverrides {
  clock?: Clock;
  secret?: string;
  /** Tests swap the model, characters or a stage for a fake. */
  chat?: ChatOverrides;
  /** A model registry built on the tiny GGUF or fake servers. */
  models?: ModelRegistry;
  /** Tests swap memory's embedder (the default builds GloVe vectors in the data dir on first use). */
  memoryEmbedder?: EmbeddingModel;
  /** The model that writes memory facts and summaries (tests: a fake; null: raw turns only). */
  memoryModel?: LanguageModel | null;
}

/**
 * Wires every layer's long-lived service from config. `serve` calls it after first-run steps; tests
 * call it with a test database. Layers add their services here as they land.
 */
export async function createServices(
  config: Config,
  db: Db,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  const clock = overrides.clock ?? systemClock;
  const userData = new UserDataRegistry();
  const billing = createBillingService({ db, clock, config: config.billing });
  wireBillingHooks(billing, db, clock);
  userData.register(billingUserData(clock));
  userData.register(memoryUserData);
  userData.register(characterUserData);
  userData.register(safetyUserData);
  // Lazy: nothing loads or connects until the first chat; `serve` downloads the default model.
  const models = overrides.models ?? createModelRegistry(config.models);
  const foreground = new Foreground();
  const memory = createMemoryStage({
    db,
    clock,
    whenQuiet: () => foreground.whenQuiet(),
    embedder:
      overrides.memoryEmbedder ?? createSifEmbedder({ binaryFile: defaultGloveBinary(config.dataDir) }),
    // Facts and summaries are written by the default model; without one, turns are still remembered.
    model:
      overrides.memoryModel === undefined
        ? models.resolve({ characterModel: null, tier: 'basic' })
        : (overrides.memoryModel ?? undefined),
    options: { summaryEveryTurns: config.memorySummaryEvery, jobConcurrency: config.memoryJobConcurrency },
  });
  await memory.start();
  const safety = wireSafety(config, db, clock);
  const chat = wireChat({
    characters: createChatCharacters({ db: db.kysely, clock }),
    models: {
      // Premium members get the premium model route (HEARTH_PREMIUM_MODEL) when one is configured;
      // without one, the turn skips reading entitlements here.
      resolve: async ({ characterModel, actor }) =>
        models.resolve({
          characterModel,
          tier:
            config.models.premiumModel && (await billing.entitlementsOf(actor.userId)).premium
              ? 'premium'
              : 'basic',
        }),
      countTokens: (model) => models.countTokens(model),
      promptBudget: (model, maxReplyTokens) => models.promptBudget(model, maxReplyTokens),
    },
    ...overrides.chat,
    authorizeTurn: overrides.chat?.authorizeTurn ?? safety.authorizeTurn,
    stages: { credits: billing.credits, moderation: safety.moderation, memory, ...overrides.chat?.stages },
  });
  userData.register(chatUserData(chat.history));
  return {
    config,
    db,
    clock,
    secret: overrides.secret ?? ensureSecret(config.dataDir, config.secret),
    userData,
    chat,
    billing,
    models,
    memory,
    foreground,
  };
}

export async function openAndMigrate(config: Config): Promise<Db> {
  const db = openConfiguredDb(config);
  await migrateToLatest(db.kysely);
  return db;
}
