import Stripe from 'stripe';
import type { StripeApi } from '../../src/billing/index.js';

export const WEBHOOK_SECRET = 'whsec_test_secret_for_hearth';
const signer = new Stripe('sk_test_fake_key_never_used');

/** Records checkout creations and cancellations instead of calling Stripe. */
export function fakeStripeApi() {
  const calls: { sessions: unknown[]; cancelled: string[] } = { sessions: [], cancelled: [] };
  let counter = 0;
  const api: StripeApi = {
    checkout: {
      sessions: {
        async create(params) {
          counter += 1;
          calls.sessions.push(params);
          return { id: `cs_test_${counter}`, url: `https://checkout.stripe.test/cs_test_${counter}` };
        },
      },
    },
    subscriptions: {
      async update(id) {
        calls.cancelled.push(id);
        return {};
      },
    },
  };
  return { api, calls };
}

let eventCounter = 0;

/** A Stripe event envelope around `object`, signed with the official test helper. */
export function signedEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; created?: number } = {},
) {
  eventCounter += 1;
  const payload = JSON.stringify({
    id: options.id ?? `evt_test_${eventCounter}_${Math.random().toString(36).slice(2)}`,
    object: 'event',
    type,
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object },
  });
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return { payload, signature };
}
