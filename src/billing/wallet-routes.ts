import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../accounts/index.js';
import { Conflict, NotFound, Unavailable } from '../errors.js';
import { newId } from '../ids.js';
import type { Services } from '../services.js';
import { allowanceUsedToday, getEntitlements } from './entitlements.js';
import { sendIdempotent } from './idempotency.js';
import { BUY_CREDITS_PATH } from './ledger.js';
import { loadPriceSheet } from './pricing.js';
import { checkoutBody, historyQuery } from './schemas.js';
import { walletBalances, walletCsv, walletHistory } from './wallet.js';

const CSV_LIMIT = 10_000;

/** Wallet, history, prices, checkout and Premium cancellation for the signed-in user. */
export async function walletRoutes(fastify: FastifyInstance, options: { services: Services }) {
  const { services } = options;
  const billing = services.billing;
  const db = services.db.kysely;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/wallet', { schema: { tags: ['billing'] } }, async (request) => {
    const actor = requireActor(request);
    const prices = await loadPriceSheet(db, billing.config.prices);
    const entitlements = await getEntitlements(db, services.clock, prices, actor.userId);
    const premium = entitlements.premium;
    return {
      ...(await walletBalances(db, actor.userId)),
      tier: entitlements.tier,
      dailyMessages: entitlements.dailyMessages,
      usedToday: await allowanceUsedToday(db, services.clock, actor.userId),
      modelRoute: entitlements.modelRoute,
      premium: premium && {
        status: premium.status,
        provider: premium.provider,
        currentPeriodEnd: premium.current_period_end,
        cancelAtPeriodEnd: premium.cancel_at_period_end === 1,
      },
      payments: billing.payments?.name ?? null,
      buyUrl: BUY_CREDITS_PATH,
    };
  });

  app.get(
    '/api/wallet/transactions',
    { schema: { tags: ['billing'], querystring: historyQuery } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { cursor, limit, format } = request.query;
      if (format === 'csv') {
        const { items } = await walletHistory(db, actor.userId, { limit: CSV_LIMIT });
        reply.header('content-disposition', 'attachment; filename="hearth-wallet.csv"');
        return reply.type('text/csv; charset=utf-8').send(walletCsv(items));
      }
      return walletHistory(db, actor.userId, { cursor, limit });
    },
  );

  app.get('/api/billing/prices', { schema: { tags: ['billing'] } }, async () => {
    const prices = await loadPriceSheet(db, billing.config.prices);
    return { ...prices, payments: billing.payments?.name ?? null };
  });

  app.post(
    '/api/billing/checkout',
    { schema: { tags: ['billing'], body: checkoutBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const payments = billing.payments;
      if (!payments) {
        throw new Unavailable(
          'payments_not_configured',
          'Card payments are not set up on this server; ask an admin for credits.',
        );
      }
      const prices = await loadPriceSheet(db, billing.config.prices);
      const body = request.body;
      const pack =
        body.kind === 'credits' ? prices.packs.find((candidate) => candidate.id === body.packId) : undefined;
      if (body.kind === 'credits' && !pack) throw new NotFound('unknown_pack', 'No such credit pack.');
      if (
        body.kind === 'premium' &&
        (await getEntitlements(db, services.clock, prices, actor.userId)).premium
      ) {
        throw new Conflict('already_owned', 'You already have Premium.');
      }
      const origin = services.config.publicUrl ?? `${request.protocol}://${request.host}`;
      return sendIdempotent<{ sessionId: string; url: string }>(
        billing,
        request,
        reply,
        actor.userId,
        async (trx, session) => {
          await trx
            .insertInto('payment_checkouts')
            .values({
              id: newId(),
              user_id: actor.userId,
              provider: payments.name,
              provider_session_id: session.sessionId,
              kind: body.kind,
              pack_id: pack?.id ?? null,
              credits: pack?.credits ?? 0,
              amount_minor: pack?.priceMinor ?? prices.tiers.premium.priceMinor,
              currency: prices.currency,
              payment_ref: null,
              refunded_minor: 0,
              status: 'open',
              created_at: services.clock.now().toISOString(),
            })
            .execute();
          return { status: 201, body: session };
        },
        () =>
          payments.createCheckout({
            userId: actor.userId,
            email: actor.email,
            kind: body.kind,
            pack,
            premiumPriceMinor: prices.tiers.premium.priceMinor,
            currency: prices.currency,
            successUrl: `${origin}/wallet?checkout=success`,
            cancelUrl: `${origin}/wallet?checkout=cancelled`,
          }),
      );
    },
  );

  app.post('/api/billing/subscription/cancel', { schema: { tags: ['billing'] } }, async (request, reply) => {
    const actor = requireActor(request);
    const prices = await loadPriceSheet(db, billing.config.prices);
    const { premium } = await getEntitlements(db, services.clock, prices, actor.userId);
    if (!premium) throw new NotFound('subscription_not_found', 'You have no active Premium subscription.');
    if (premium.cancel_at_period_end === 1)
      throw new Conflict('subscription_not_found', 'Premium is already set to end.');
    return sendIdempotent(
      billing,
      request,
      reply,
      actor.userId,
      async (trx) => {
        await trx
          .updateTable('billing_subscriptions')
          .set({ cancel_at_period_end: 1, updated_at: services.clock.now().toISOString() })
          .where('id', '=', premium.id)
          .execute();
        return {
          status: 200,
          body: { cancelAtPeriodEnd: true, currentPeriodEnd: premium.current_period_end },
        };
      },
      async () => {
        if (premium.provider === 'stripe' && premium.provider_ref && billing.payments) {
          await billing.payments.cancelSubscription(premium.provider_ref);
        }
      },
    );
  });
}
