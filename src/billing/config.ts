import { z } from 'zod';

/**
 * The money options (`HEARTH_*`), merged into the app config by `src/config.ts`. They are the defaults
 * of the price sheet; an admin may override prices, tiers, packs and gifts at runtime (billing_settings).
 */
const credits = z.coerce.number().int().min(0);
const positive = z.coerce.number().int().positive();

const giftSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().min(1).max(60),
  emoji: z.string().max(16).default(''),
  credits: z.number().int().positive(),
});
const packSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  credits: z.number().int().positive(),
  priceMinor: z.number().int().positive(),
});

function jsonList<T extends z.ZodType>(item: T) {
  return z.string().transform((text, context) => {
    try {
      const parsed = z.array(item).min(1).safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data as z.output<T>[];
      context.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid list' });
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON array' });
    }
    return z.NEVER;
  });
}

export const DEFAULT_GIFTS: Gift[] = [
  { id: 'rose', name: 'Rose', emoji: '🌹', credits: 10 },
  { id: 'coffee', name: 'Coffee', emoji: '☕', credits: 25 },
  { id: 'chocolates', name: 'Chocolates', emoji: '🍫', credits: 50 },
  { id: 'teddy-bear', name: 'Teddy bear', emoji: '🧸', credits: 100 },
  { id: 'ring', name: 'Ring', emoji: '💍', credits: 500 },
];

export const DEFAULT_PACKS: CreditPack[] = [
  { id: 'small', credits: 100, priceMinor: 499 },
  { id: 'medium', credits: 550, priceMinor: 1999 },
  { id: 'large', credits: 1200, priceMinor: 3999 },
];

export const billingConfigShape = {
  HEARTH_PRICE_MESSAGE_PLAIN: credits.default(1),
  HEARTH_PRICE_MESSAGE_ROMANTIC: credits.default(3),
  HEARTH_PRICE_MESSAGE_ADULT: credits.default(5),
  HEARTH_PRICE_UTILITY: credits.default(1),
  HEARTH_PRICE_PHOTO: credits.default(10),
  HEARTH_PRICE_MEDIA_UNLOCK: credits.default(25),
  HEARTH_PRICE_VOICE_MINUTE: credits.default(4),
  HEARTH_BASIC_DAILY_MESSAGES: credits.default(30),
  HEARTH_PREMIUM_DAILY_MESSAGES: credits.default(500),
  HEARTH_PREMIUM_PRICE_MINOR: positive.default(999),
  HEARTH_PREMIUM_MONTHLY_CREDITS: credits.default(500),
  HEARTH_PREMIUM_MODEL_ROUTE: z.string().min(1).default('large'),
  HEARTH_CURRENCY: z
    .string()
    .regex(/^[a-z]{3}$/, 'must be a lowercase ISO currency code')
    .default('usd'),
  HEARTH_CREDIT_PACKS: jsonList(packSchema).optional(),
  HEARTH_GIFTS: jsonList(giftSchema).optional(),
  HEARTH_CREATOR_SHARE_PERCENT: z.coerce.number().int().min(0).max(100).default(80),
  HEARTH_PAYOUT_THRESHOLD: positive.default(5000),
  HEARTH_HOLD_TTL_SECONDS: positive.default(300),
  HEARTH_STRIPE_SECRET_KEY: z.string().min(1).optional(),
  HEARTH_STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
};

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

/** The price sheet: config defaults, optionally overridden by an admin (see pricing.ts). */
export interface PriceSheet {
  messages: { plain: number; romantic: number; adult: number };
  /** A utility call: a reply that is no chat turn (a `/v1` quiet prompt such as a summary). */
  utility: number;
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
}

export interface BillingConfig {
  readonly prices: PriceSheet;
  readonly holdTtlSeconds: number;
  readonly stripe?: { readonly secretKey: string; readonly webhookSecret: string };
}

type BillingValues = z.output<z.ZodObject<typeof billingConfigShape>>;

export function billingConfigFrom(values: BillingValues): BillingConfig {
  const stripe =
    values.HEARTH_STRIPE_SECRET_KEY && values.HEARTH_STRIPE_WEBHOOK_SECRET
      ? { secretKey: values.HEARTH_STRIPE_SECRET_KEY, webhookSecret: values.HEARTH_STRIPE_WEBHOOK_SECRET }
      : undefined;
  return {
    holdTtlSeconds: values.HEARTH_HOLD_TTL_SECONDS,
    stripe,
    prices: {
      messages: {
        plain: values.HEARTH_PRICE_MESSAGE_PLAIN,
        romantic: values.HEARTH_PRICE_MESSAGE_ROMANTIC,
        adult: values.HEARTH_PRICE_MESSAGE_ADULT,
      },
      utility: values.HEARTH_PRICE_UTILITY,
      photo: values.HEARTH_PRICE_PHOTO,
      mediaUnlock: values.HEARTH_PRICE_MEDIA_UNLOCK,
      voiceMinute: values.HEARTH_PRICE_VOICE_MINUTE,
      tiers: {
        basic: { dailyMessages: values.HEARTH_BASIC_DAILY_MESSAGES },
        premium: {
          dailyMessages: values.HEARTH_PREMIUM_DAILY_MESSAGES,
          priceMinor: values.HEARTH_PREMIUM_PRICE_MINOR,
          monthlyCredits: values.HEARTH_PREMIUM_MONTHLY_CREDITS,
          modelRoute: values.HEARTH_PREMIUM_MODEL_ROUTE,
        },
      },
      currency: values.HEARTH_CURRENCY,
      packs: values.HEARTH_CREDIT_PACKS ?? DEFAULT_PACKS,
      gifts: values.HEARTH_GIFTS ?? DEFAULT_GIFTS,
      creatorSharePercent: values.HEARTH_CREATOR_SHARE_PERCENT,
      payoutThreshold: values.HEARTH_PAYOUT_THRESHOLD,
    },
  };
}

/** Strict schema for an admin's price sheet update (whole sheet; unknown fields rejected). */
export const priceSheetSchema = z.strictObject({
  messages: z.strictObject({
    plain: z.number().int().min(0),
    romantic: z.number().int().min(0),
    adult: z.number().int().min(0),
  }),
  // Sheets saved before utility calls existed have no price for them.
  utility: z.number().int().min(0).default(1),
  photo: z.number().int().min(0),
  mediaUnlock: z.number().int().min(0),
  voiceMinute: z.number().int().min(0),
  tiers: z.strictObject({
    basic: z.strictObject({ dailyMessages: z.number().int().min(0) }),
    premium: z.strictObject({
      dailyMessages: z.number().int().min(0),
      priceMinor: z.number().int().positive(),
      monthlyCredits: z.number().int().min(0),
      modelRoute: z.string().min(1).max(60),
    }),
  }),
  currency: z.string().regex(/^[a-z]{3}$/),
  packs: z.array(packSchema).min(1).max(20),
  gifts: z.array(giftSchema).min(1).max(100),
  creatorSharePercent: z.number().int().min(0).max(100),
  payoutThreshold: z.number().int().positive(),
});
