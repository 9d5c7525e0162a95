import type { ColumnType, Selectable } from 'kysely';

/** Ledger rows are written once: Kysely refuses to type an UPDATE of them (triggers refuse it in SQL). */
type Immutable<T> = ColumnType<T, T, never>;

// Tables of the billing layer (see migrations/0006-billing.ts). Money is integer credits; currency
// amounts are integer minor units. Ledger rows are append-only: their update type is `never`.

export type LedgerAccountKind =
  | 'wallet'
  | 'earnings'
  | 'holds'
  | 'platform_revenue'
  | 'payment_clearing'
  | 'promotions'
  | 'payouts';

export interface LedgerAccountsTable {
  /** Deterministic: `wallet:<userId>`, `earnings:<userId>`, `holds:<userId>`, `system:<kind>`. */
  id: string;
  kind: LedgerAccountKind;
  user_id: string | null;
  /** Cached sum of the account's entries, updated in the same transaction as the entries. */
  balance: number;
  /** 0 for user wallets and holds (a CHECK keeps them ≥ 0); system and earnings accounts may go below. */
  allow_negative: number;
  created_at: string;
}

export interface LedgerTransactionsTable {
  id: Immutable<string>;
  kind: Immutable<string>;
  /** The user this movement is about (history), null for pure system movements. */
  user_id: Immutable<string | null>;
  actor_user_id: Immutable<string | null>;
  /** Unique when set: makes external effects (a Stripe session, an invoice) apply once. */
  reference: Immutable<string | null>;
  memo: Immutable<string>;
  metadata: Immutable<string>;
  created_at: Immutable<string>;
}

export interface LedgerEntriesTable {
  id: Immutable<string>;
  transaction_id: Immutable<string>;
  account_id: Immutable<string>;
  /** Signed integer credits; the entries of one transaction sum to zero. */
  amount: Immutable<number>;
  created_at: Immutable<string>;
}

export interface CreditHoldsTable {
  id: string;
  user_id: string;
  amount: number;
  status: 'open' | 'settled' | 'released';
  request_id: string;
  chat_id: string | null;
  charged: number | null;
  release_reason: string | null;
  created_at: string;
  expires_at: string;
  closed_at: string | null;
}

export interface AllowanceUsageTable {
  user_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  used: number;
}

export interface IdempotencyKeysTable {
  actor_user_id: string;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: string;
  created_at: string;
  expires_at: string;
}

export interface BillingSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface SubscriptionsTable {
  id: string;
  user_id: string;
  /** `premium` is the platform tier; `character` a creator's subscription to one character. */
  kind: 'premium' | 'character';
  character_id: string | null;
  creator_user_id: string | null;
  status: 'active' | 'past_due' | 'cancelled';
  provider: 'stripe' | 'credits' | 'manual';
  provider_ref: string | null;
  current_period_end: string;
  cancel_at_period_end: number;
  /** Newest provider event applied; older events never overwrite a newer state. */
  last_event_at: string;
  created_at: string;
  updated_at: string;
}

export interface PaymentEventsTable {
  id: string;
  provider: string;
  type: string;
  received_at: string;
}

export interface CheckoutsTable {
  id: string;
  user_id: string;
  provider: string;
  provider_session_id: string;
  kind: 'credits' | 'premium';
  pack_id: string | null;
  credits: number;
  amount_minor: number;
  currency: string;
  payment_ref: string | null;
  refunded_minor: number;
  status: 'open' | 'completed';
  created_at: string;
}

export interface CreatorOffersTable {
  id: string;
  creator_user_id: string;
  character_id: string;
  kind: 'subscription' | 'media';
  media_id: string | null;
  credits: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SalesTable {
  id: string;
  buyer_user_id: string;
  creator_user_id: string;
  kind: 'gift' | 'subscription' | 'media';
  character_id: string;
  item_id: string;
  credits: number;
  creator_credits: number;
  refunded_credits: number;
  transaction_id: string;
  created_at: string;
}

export interface PayoutsTable {
  id: string;
  creator_user_id: string;
  credits: number;
  status: 'requested' | 'approved' | 'paid' | 'rejected';
  provider: string;
  provider_ref: string | null;
  decided_by: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface BillingTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  credit_holds: CreditHoldsTable;
  allowance_usage: AllowanceUsageTable;
  idempotency_keys: IdempotencyKeysTable;
  billing_settings: BillingSettingsTable;
  billing_subscriptions: SubscriptionsTable;
  payment_events: PaymentEventsTable;
  payment_checkouts: CheckoutsTable;
  creator_offers: CreatorOffersTable;
  creator_sales: SalesTable;
  creator_payouts: PayoutsTable;
}

export type LedgerAccountRow = Selectable<LedgerAccountsTable>;
export type LedgerTransactionRow = Selectable<LedgerTransactionsTable>;
export type CreditHoldRow = Selectable<CreditHoldsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type SaleRow = Selectable<SalesTable>;
export type PayoutRow = Selectable<PayoutsTable>;
