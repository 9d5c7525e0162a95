import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../accounts/index.js';
import type { Services } from '../services.js';
import { requestPayout } from './creator-payouts.js';
import { assertOfferVisible, buyOffer, creatorEarnings, listOffers, upsertOffer } from './creator.js';
import { sendIdempotent } from './idempotency.js';
import { loadPriceSheet } from './pricing.js';
import { idParams, offerBody, payoutBody } from './schemas.js';

/** Creators price their characters and media, see earnings and request payouts; fans buy offers. */
export async function creatorRoutes(fastify: FastifyInstance, options: { services: Services }) {
  const { services } = options;
  const billing = services.billing;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.put('/api/creator/offers', { schema: { tags: ['creators'], body: offerBody } }, async (request) => {
    const actor = requireActor(request);
    const owner = await billing.hooks.resolveCharacterOwner(request.body.characterId);
    return { offer: await upsertOffer(billing, actor, owner, request.body) };
  });

  app.get(
    '/api/characters/:id/offers',
    { schema: { tags: ['creators'], params: idParams } },
    async (request) => {
      const actor = requireActor(request);
      return { offers: await listOffers(billing, actor, request.params.id) };
    },
  );

  app.post(
    '/api/offers/:id/purchase',
    { schema: { tags: ['creators'], params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await assertOfferVisible(billing, actor, request.params.id);
      const prices = await loadPriceSheet(services.db.kysely, billing.config.prices);
      return sendIdempotent(billing, request, reply, actor.userId, async (trx) => {
        const sale = await buyOffer(trx, billing, actor, request.params.id, prices.creatorSharePercent);
        return {
          status: 201,
          body: { saleId: sale.id, kind: sale.kind, itemId: sale.item_id, credits: sale.credits },
        };
      });
    },
  );

  app.get('/api/creator/earnings', { schema: { tags: ['creators'] } }, async (request) => {
    const actor = requireActor(request);
    const prices = await loadPriceSheet(services.db.kysely, billing.config.prices);
    return {
      ...(await creatorEarnings(billing, actor.userId)),
      payoutThreshold: prices.payoutThreshold,
      creatorSharePercent: prices.creatorSharePercent,
    };
  });

  app.post(
    '/api/creator/payouts',
    { schema: { tags: ['creators'], body: payoutBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const prices = await loadPriceSheet(services.db.kysely, billing.config.prices);
      return sendIdempotent(billing, request, reply, actor.userId, async (trx) => ({
        status: 201,
        body: {
          payout: await requestPayout(trx, billing, actor, request.body.credits, prices.payoutThreshold),
        },
      }));
    },
  );
}
