import type { Actor } from '../accounts/index.js';
import type { CreditsStage } from '../chat/stages.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { BillingConfig, Gift } from './config.js';
import { type PayoutProvider, manualPayouts } from './creator-payouts.js';
import { createCreditsStage } from './credits-stage.js';
import type { BillingDeps } from './deps.js';
import { type Entitlements, getEntitlements } from './entitlements.js';
import { loadPriceSheet } from './pricing.js';
import { releaseExpiredHolds } from './holds.js';
import { purgeExpiredIdempotencyKeys } from './idempotency.js';
import { type PaymentProvider, createStripeProvider } from './payments.js';

/** Who receives a gift sent in a chat: the chat's character and its creator. */
export interface ChatRecipient {
  characterId: string;
  creatorUserId: string;
}

/**
 * What the money layer asks of other layers, injected so billing never imports chat or character
 * internals. The defaults refuse politely (no chat found) until the integrator wires real lookups.
 */
export interface BillingHooks {
  /** The chat's character and creator when `actor` owns the chat, else null (→ 404 chat_not_found). */
  resolveChatRecipient(chatId: string, actor: Actor): Promise<ChatRecipient | null>;
  /** The user id owning a character, or null when it does not exist. */
  resolveCharacterOwner(characterId: string): Promise<string | null>;
  /** Whether `actor` may see the character (offers on a private draft are neither listed nor sold). */
  canViewCharacter(actor: Actor, characterId: string): Promise<boolean>;
  /** Called once after a gift committed (never on replays); shows it in the chat. Must not throw. */
  onGiftSent(event: {
    chatId: string;
    characterId: string;
    gift: Gift;
    actor: Actor;
    saleId: string;
  }): void | Promise<void>;
}

export interface BillingService extends BillingDeps {
  /** Mutable so the composition root (and tests) can wire lookups after construction. */
  hooks: BillingHooks;
  /** Null when no payment provider is configured (self-hosters use admin grants). */
  payments: PaymentProvider | null;
  payouts: PayoutProvider;
  /** The turn pipeline's credits stage. */
  readonly credits: CreditsStage;
  /** Tier, daily allowance and model route of a user (Premium → `modelRoute` set). */
  entitlementsOf(userId: string): Promise<Entitlements>;
}

export const noBillingHooks: BillingHooks = {
  async resolveChatRecipient() {
    return null;
  },
  async resolveCharacterOwner() {
    return null;
  },
  async canViewCharacter() {
    return false;
  },
  onGiftSent() {},
};

export function createBillingService(options: {
  db: Db;
  clock: Clock;
  config: BillingConfig;
  hooks?: Partial<BillingHooks>;
  payments?: PaymentProvider | null;
  payouts?: PayoutProvider;
}): BillingService {
  const deps: BillingDeps = { db: options.db, clock: options.clock, config: options.config };
  const stripe = options.config.stripe;
  return {
    ...deps,
    hooks: { ...noBillingHooks, ...options.hooks },
    payments:
      options.payments !== undefined
        ? options.payments
        : stripe
          ? createStripeProvider({ secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret })
          : null,
    payouts: options.payouts ?? manualPayouts,
    credits: createCreditsStage(deps),
    async entitlementsOf(userId) {
      return getEntitlements(
        deps.db.kysely,
        deps.clock,
        await loadPriceSheet(deps.db.kysely, deps.config.prices),
        userId,
      );
    },
  };
}

/**
 * Releases holds stranded by crashed turns and forgets idempotency keys older than 24 h. `serve`
 * starts it; returns a stop function. One sweep also runs at start, so a restart cleans up at once.
 */
export function startBillingSweeper(
  deps: BillingDeps,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  const sweep = async () => {
    try {
      await releaseExpiredHolds(deps);
      await purgeExpiredIdempotencyKeys(deps);
    } catch (error) {
      options.onError?.(error);
    }
  };
  void sweep();
  const timer = setInterval(sweep, options.intervalMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
