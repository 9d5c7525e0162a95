import { requestJson } from '../../api/client.js';

/** Client for the money API. Every money POST carries a fresh Idempotency-Key, so a retried click never charges twice. */

export interface Gift {
  id: string;
  name: string;
  emoji: string;
  credits: number;
}

export interface CreditPack {
  id: string;
  credits: number;
  priceMinor: number;
}

export interface Wallet {
  balance: number;
  held: number;
  tier: 'basic' | 'premium';
  dailyMessages: number;
  usedToday: number;
  premium: { status: string; provider: string; currentPeriodEnd: string; cancelAtPeriodEnd: boolean } | null;
  payments: string | null;
  buyUrl: string;
}

export interface WalletLine {
  id: string;
  createdAt: string;
  kind: string;
  memo: string;
  amount: number;
}

export interface Prices {
  messages: { plain: number; romantic: number; adult: number };
  photo: number;
  mediaUnlock: number;
  voiceMinute: number;
  tiers: {
    basic: { dailyMessages: number };
    premium: { dailyMessages: number; priceMinor: number; monthlyCredits: number; modelRoute: string };
  };
  currency: string;
  packs: CreditPack[];
  gifts: Gift[];
  creatorSharePercent: number;
  payoutThreshold: number;
  payments?: string | null;
}

export interface Payout {
  id: string;
  creatorUserId: string;
  credits: number;
  status: 'requested' | 'approved' | 'paid' | 'rejected';
  providerRef: string | null;
  note: string | null;
  createdAt: string;
}

export interface Earnings {
  balance: number;
  payoutThreshold: number;
  creatorSharePercent: number;
  byKind: { kind: string; count: number; gross: number; earned: number; refunded: number }[];
  recent: {
    id: string;
    kind: string;
    characterId: string;
    credits: number;
    creatorCredits: number;
    createdAt: string;
  }[];
  payouts: Payout[];
}

export interface Finance {
  revenue: { total: number; last30DaysByKind: { kind: string; credits: number }[] };
  openHolds: { count: number; credits: number };
  payoutQueue: Payout[];
  systemAccounts: { id: string; balance: number }[];
}

export interface LedgerReport {
  ok: boolean;
  transactions: number;
  entries: number;
  accounts: number;
  total: number;
  problems: string[];
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function moneyPost<T>(path: string, body?: unknown, key = newIdempotencyKey()): Promise<T> {
  return requestJson<T>('POST', path, { body, headers: { 'idempotency-key': key } });
}

export const billingApi = {
  wallet: () => requestJson<Wallet>('GET', '/api/wallet'),
  history: (cursor?: string) =>
    requestJson<{ items: WalletLine[]; nextCursor: string | null }>(
      'GET',
      `/api/wallet/transactions?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  csvUrl: '/api/wallet/transactions?format=csv',
  prices: () => requestJson<Prices>('GET', '/api/billing/prices'),
  gifts: () => requestJson<{ gifts: Gift[] }>('GET', '/api/gifts'),
  sendGift: (chatId: string, giftId: string, key?: string) =>
    moneyPost<{ balance: number; saleId: string }>('/api/gifts', { chatId, giftId }, key),
  checkout: (body: { kind: 'credits'; packId: string } | { kind: 'premium' }) =>
    moneyPost<{ url: string }>('/api/billing/checkout', body),
  cancelPremium: () => moneyPost<{ currentPeriodEnd: string }>('/api/billing/subscription/cancel'),
  earnings: () => requestJson<Earnings>('GET', '/api/creator/earnings'),
  requestPayout: (credits: number) => moneyPost<{ payout: Payout }>('/api/creator/payouts', { credits }),
  finance: () => requestJson<Finance>('GET', '/api/admin/finance'),
  verifyLedger: () => requestJson<LedgerReport>('POST', '/api/admin/finance/verify'),
  decidePayout: (id: string, action: 'approve' | 'reject' | 'paid', note?: string) =>
    moneyPost<{ payout: Payout }>(
      `/api/admin/payouts/${encodeURIComponent(id)}/${action}`,
      note ? { note } : {},
    ),
  grant: (email: string, amount: number, reason: string) =>
    moneyPost<{ balance: number }>('/api/admin/credits/grant', { email, amount, reason }),
};

export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(
    minor / 100,
  );
}
