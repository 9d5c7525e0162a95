// The money layer's public API (DESIGN §3 "Money"). Other layers import only this file.
export { createCreditsStage } from './credits-stage.js';
export {
  createBillingService,
  startBillingSweeper,
  noBillingHooks,
  type BillingService,
  type BillingHooks,
  type ChatRecipient,
} from './service.js';
export type { BillingDeps } from './deps.js';
export { billingRoutes } from './routes.js';
export { billingUserData } from './user-data.js';
export { verifyLedger, type LedgerReport } from './verify-ledger.js';
export { runMoneyTransaction, type MoneyExecutor } from './money-transaction.js';
export { grantCredits, revokeCredits } from './grants.js';
export { releaseExpiredHolds, reserveCredits, settleHold, releaseHold } from './holds.js';
export { getEntitlements, type Entitlements, type Tier } from './entitlements.js';
export { loadPriceSheet, splitSale } from './pricing.js';
export { chargeAction } from './actions.js';
export { hasUnlockedMedia } from './creator.js';
export { type PayoutProvider, manualPayouts } from './creator-payouts.js';
export { createStripeProvider, type PaymentProvider, type StripeApi } from './payments.js';
export { runIdempotent, sendIdempotent, idempotencyKeyOf } from './idempotency.js';
export { walletAccount, earningsAccount, systemAccount, BUY_CREDITS_PATH } from './ledger.js';
export type { BillingConfig, PriceSheet, Gift, CreditPack } from './config.js';
