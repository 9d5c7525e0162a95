import type { FastifyInstance } from 'fastify';
import { Unavailable } from '../errors.js';
import type { Services } from '../services.js';
import { handleStripeEvent } from './stripe-events.js';

/**
 * `POST /api/billing/webhooks/stripe`. Signatures are computed over the exact bytes Stripe sent, so
 * this encapsulated plugin keeps JSON bodies as raw Buffers. Webhooks carry no session (and no Origin),
 * so the CSRF check does not apply; the signature is the authentication.
 */
export async function webhookRoutes(app: FastifyInstance, options: { services: Services }) {
  const billing = options.services.billing;
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/billing/webhooks/stripe',
    { config: { rawBody: true }, schema: { tags: ['billing'], hide: true } },
    async (request) => {
      const payments = billing.payments;
      if (!payments)
        throw new Unavailable('payments_not_configured', 'Stripe is not configured on this server.');
      const signature = request.headers['stripe-signature'];
      const event = payments.parseWebhook(
        request.body as Buffer,
        typeof signature === 'string' ? signature : undefined,
      );
      const outcome = await handleStripeEvent(billing, event);
      request.log.info({ eventId: event.id, type: event.type, outcome }, 'stripe webhook');
      return { received: true, outcome };
    },
  );
}
