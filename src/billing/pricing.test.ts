import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { splitSale } from './pricing.js';

describe('splitSale', () => {
  it('gives the creator exactly their share and the platform the remainder', () => {
    expect(splitSale(100, 80)).toEqual({ creator: 80, platform: 20 });
    expect(splitSale(35, 80)).toEqual({ creator: 28, platform: 7 });
    expect(splitSale(1, 80)).toEqual({ creator: 0, platform: 1 });
  });
  it('always sums to the price', () => {
    for (let credits = 1; credits < 500; credits += 7) {
      for (const share of [0, 33, 80, 100]) {
        const { creator, platform } = splitSale(credits, share);
        expect(creator + platform).toBe(credits);
        expect(creator).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('billing config', () => {
  it('has sensible defaults', () => {
    const { billing } = loadConfig({});
    expect(billing.prices.messages).toEqual({ plain: 1, romantic: 3, adult: 5 });
    expect(billing.prices.creatorSharePercent).toBe(80);
    expect(billing.stripe).toBeUndefined();
  });
  it('reads JSON gift catalogs and names the bad variable', () => {
    const { billing } = loadConfig({
      HEARTH_GIFTS: '[{"id":"star","name":"Star","emoji":"⭐","credits":7}]',
    });
    expect(billing.prices.gifts).toEqual([{ id: 'star', name: 'Star', emoji: '⭐', credits: 7 }]);
    expect(() => loadConfig({ HEARTH_GIFTS: '[{"id":"star","credits":-1}]' })).toThrow(/HEARTH_GIFTS/);
    expect(() => loadConfig({ HEARTH_CREATOR_SHARE_PERCENT: '120' })).toThrow(/HEARTH_CREATOR_SHARE_PERCENT/);
  });
  it('enables Stripe only with both the secret key and the webhook secret', () => {
    expect(loadConfig({ HEARTH_STRIPE_SECRET_KEY: 'sk_test_x' }).billing.stripe).toBeUndefined();
    expect(
      loadConfig({ HEARTH_STRIPE_SECRET_KEY: 'sk_test_x', HEARTH_STRIPE_WEBHOOK_SECRET: 'whsec_x' }).billing
        .stripe,
    ).toEqual({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x' });
  });
});
