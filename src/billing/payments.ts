import Stripe from 'stripe';
import { BadRequest } from '../errors.js';
import type { CreditPack } from './config.js';

/** A provider-neutral checkout request: a credit pack or the Premium subscription. */
export interface CheckoutRequest {
  userId: string;
  email: string;
  kind: 'credits' | 'premium';
  pack?: CreditPack;
  premiumPriceMinor: number;
  currency: string;
  successUrl: string;
  cancelUrl: string;
}

/** A payment rail. Stripe today; anything with hosted checkout and signed webhooks fits. */
export interface PaymentProvider {
  readonly name: string;
  createCheckout(request: CheckoutRequest): Promise<{ sessionId: string; url: string }>;
  /** Cancels a subscription at the end of the paid period. */
  cancelSubscription(providerRef: string): Promise<void>;
  /** Verifies a webhook's signature on the raw body and returns the parsed event; bad signature → 400. */
  parseWebhook(rawBody: Buffer, signature: string | undefined): Stripe.Event;
}

/** The two Stripe API calls Hearth makes; injectable so tests never touch the network. */
export interface StripeApi {
  checkout: {
    sessions: {
      create(params: Stripe.Checkout.SessionCreateParams): Promise<{ id: string; url: string | null }>;
    };
  };
  subscriptions: { update(id: string, params: Stripe.SubscriptionUpdateParams): Promise<unknown> };
}

export function createStripeProvider(options: {
  secretKey: string;
  webhookSecret: string;
  /** Defaults to the real Stripe client built from `secretKey`. */
  api?: StripeApi;
}): PaymentProvider {
  const stripe = new Stripe(options.secretKey);
  const api: StripeApi = options.api ?? stripe;
  return {
    name: 'stripe',
    async createCheckout(request) {
      const metadata: Record<string, string> = { userId: request.userId, kind: request.kind };
      let params: Stripe.Checkout.SessionCreateParams;
      if (request.kind === 'credits') {
        const pack = request.pack;
        if (!pack) throw new BadRequest('unknown_pack', 'Choose a credit pack.');
        Object.assign(metadata, { packId: pack.id, credits: String(pack.credits) });
        params = {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency,
                unit_amount: pack.priceMinor,
                product_data: { name: `${pack.credits} Hearth credits` },
              },
            },
          ],
          payment_intent_data: { metadata },
        };
      } else {
        params = {
          mode: 'subscription',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency,
                unit_amount: request.premiumPriceMinor,
                recurring: { interval: 'month' },
                product_data: { name: 'Hearth Premium' },
              },
            },
          ],
          subscription_data: { metadata },
        };
      }
      const session = await api.checkout.sessions.create({
        ...params,
        client_reference_id: request.userId,
        customer_email: request.email,
        metadata,
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      });
      if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
      return { sessionId: session.id, url: session.url };
    },
    async cancelSubscription(providerRef) {
      await api.subscriptions.update(providerRef, { cancel_at_period_end: true });
    },
    parseWebhook(rawBody, signature) {
      if (!signature)
        throw new BadRequest('invalid_webhook_signature', 'The Stripe-Signature header is missing.');
      try {
        return stripe.webhooks.constructEvent(rawBody, signature, options.webhookSecret);
      } catch {
        throw new BadRequest('invalid_webhook_signature', 'The webhook signature does not verify.');
      }
    },
  };
}
