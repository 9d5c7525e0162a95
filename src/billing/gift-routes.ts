import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../accounts/index.js';
import { Forbidden, NotFound } from '../errors.js';
import type { Services } from '../services.js';
import { idempotencyKeyOf, runIdempotent } from './idempotency.js';
import { balanceOf, walletAccount } from './ledger.js';
import { loadPriceSheet } from './pricing.js';
import { recordSale } from './sales.js';
import { giftBody } from './schemas.js';

/** The gift catalog and sending a gift in a chat: the character's creator earns their share. */
export async function giftRoutes(fastify: FastifyInstance, options: { services: Services }) {
  const { services } = options;
  const billing = services.billing;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/gifts', { schema: { tags: ['billing'] } }, async () => {
    const prices = await loadPriceSheet(services.db.kysely, billing.config.prices);
    return { gifts: prices.gifts };
  });

  app.post('/api/gifts', { schema: { tags: ['billing'], body: giftBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const prices = await loadPriceSheet(services.db.kysely, billing.config.prices);
    const gift = prices.gifts.find((candidate) => candidate.id === request.body.giftId);
    if (!gift) throw new NotFound('unknown_gift', 'There is no such gift in the catalog.');
    const chatId = request.body.chatId;
    const recipient = await billing.hooks.resolveChatRecipient(chatId, actor);
    if (!recipient) throw new NotFound('chat_not_found', 'No such chat.');
    if (recipient.creatorUserId === actor.userId) {
      throw new Forbidden('forbidden', 'Gifts to your own character would only move your own credits.');
    }
    let saleId: string | null = null;
    const scope = {
      actorUserId: actor.userId,
      key: idempotencyKeyOf(request),
      method: request.method,
      path: request.url.split('?')[0],
      body: request.body,
    };
    const sent = await runIdempotent(billing, scope, async (trx) => {
      const sale = await recordSale(trx, billing, {
        buyerUserId: actor.userId,
        creatorUserId: recipient.creatorUserId,
        kind: 'gift',
        characterId: recipient.characterId,
        itemId: gift.id,
        credits: gift.credits,
        creatorSharePercent: prices.creatorSharePercent,
        memo: `Gift: ${gift.name}`,
      });
      saleId = sale.id;
      return {
        status: 201,
        body: {
          gift,
          chatId,
          saleId: sale.id,
          credits: gift.credits,
          balance: await balanceOf(trx, walletAccount(actor.userId)),
        },
      };
    });
    // Only the request that actually charged announces the gift; replays stay silent. The response
    // waits for it: the client reloads the chat on success and must find the gift message there.
    if (saleId) {
      try {
        await billing.hooks.onGiftSent({ chatId, characterId: recipient.characterId, gift, actor, saleId });
      } catch (error) {
        request.log.warn({ err: error, chatId }, 'gift committed but the chat event failed');
      }
    }
    reply.header('idempotent-replayed', String(sent.replayed));
    return reply.status(sent.status).send(sent.body);
  });
}
