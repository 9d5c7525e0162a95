import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { findUserByEmail, findUserById, requireRole } from '../accounts/index.js';
import { NotFound } from '../errors.js';
import type { Services } from '../services.js';
import { priceSheetSchema } from './config.js';
import { decidePayout, publicPayout } from './creator-payouts.js';
import { grantCredits, revokeCredits } from './grants.js';
import { sendIdempotent } from './idempotency.js';
import { balanceOf, systemAccount, walletAccount } from './ledger.js';
import { loadPriceSheet, savePriceSheet } from './pricing.js';
import { refundSale } from './sales.js';
import { grantBody, idParams, payoutDecisionBody, refundBody } from './schemas.js';
import { verifyLedger } from './verify-ledger.js';

/** Admin finance: revenue, open holds, payout queue, ledger verification, prices, grants, refunds. */
export async function adminFinanceRoutes(fastify: FastifyInstance, options: { services: Services }) {
  const { services } = options;
  const billing = services.billing;
  const db = services.db.kysely;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/admin/finance', { schema: { tags: ['admin'] } }, async (request) => {
    requireRole(request, 'admin');
    const since = new Date(services.clock.now().getTime() - 30 * 86_400_000).toISOString();
    const revenueByKind = await db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
      .select(['t.kind', sql<number>`sum(e.amount)`.as('credits')])
      .where('e.account_id', '=', systemAccount('platform_revenue'))
      .where('t.created_at', '>=', since)
      .groupBy('t.kind')
      .execute();
    const holds = await db
      .selectFrom('credit_holds')
      .select([sql<number>`count(*)`.as('count'), sql<number>`coalesce(sum(amount), 0)`.as('credits')])
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const queue = await db
      .selectFrom('creator_payouts')
      .selectAll()
      .where('status', 'in', ['requested', 'approved'])
      .orderBy('id')
      .limit(200)
      .execute();
    const system = await db
      .selectFrom('ledger_accounts')
      .select(['id', 'balance'])
      .where('user_id', 'is', null)
      .execute();
    return {
      revenue: {
        total: await balanceOf(db, systemAccount('platform_revenue')),
        last30DaysByKind: revenueByKind.map((row) => ({ kind: row.kind, credits: Number(row.credits) })),
      },
      openHolds: { count: Number(holds.count), credits: Number(holds.credits) },
      payoutQueue: queue.map(publicPayout),
      systemAccounts: system.map((row) => ({ id: row.id, balance: Number(row.balance) })),
    };
  });

  app.post('/api/admin/finance/verify', { schema: { tags: ['admin'] } }, async (request) => {
    requireRole(request, 'admin');
    return verifyLedger(db);
  });

  app.get('/api/admin/billing/prices', { schema: { tags: ['admin'] } }, async (request) => {
    requireRole(request, 'admin');
    return loadPriceSheet(db, billing.config.prices);
  });

  app.put(
    '/api/admin/billing/prices',
    { schema: { tags: ['admin'], body: priceSheetSchema } },
    async (request) => {
      const admin = requireRole(request, 'admin');
      await savePriceSheet(db, services.clock, request.body, admin.userId);
      return loadPriceSheet(db, billing.config.prices);
    },
  );

  for (const action of ['grant', 'revoke'] as const) {
    app.post(
      `/api/admin/credits/${action}`,
      { schema: { tags: ['admin'], body: grantBody } },
      async (request, reply) => {
        const admin = requireRole(request, 'admin');
        const { userId, email, amount, reason } = request.body;
        const user = userId ? await findUserById(db, userId) : await findUserByEmail(db, email ?? '');
        if (!user || user.status === 'deleted') throw new NotFound('user_not_found', 'No such user.');
        const move = action === 'grant' ? grantCredits : revokeCredits;
        return sendIdempotent(billing, request, reply, admin.userId, async (trx) => {
          const transactionId = await move(trx, billing, {
            userId: user.id,
            amount,
            reason,
            actorUserId: admin.userId,
          });
          return {
            status: 201,
            body: { transactionId, userId: user.id, balance: await balanceOf(trx, walletAccount(user.id)) },
          };
        });
      },
    );
  }

  app.post(
    '/api/admin/payouts/:id/:action',
    {
      schema: {
        tags: ['admin'],
        params: idParams.extend({ action: z.enum(['approve', 'reject', 'paid']) }),
        body: payoutDecisionBody,
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      return sendIdempotent(billing, request, reply, admin.userId, async (trx) => ({
        status: 200,
        body: {
          payout: await decidePayout(trx, billing, billing.payouts, {
            payoutId: request.params.id,
            action: request.params.action,
            adminUserId: admin.userId,
            note: request.body.note,
          }),
        },
      }));
    },
  );

  app.post(
    '/api/admin/sales/:id/refund',
    { schema: { tags: ['admin'], params: idParams, body: refundBody } },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      return sendIdempotent(billing, request, reply, admin.userId, async (trx) => ({
        status: 201,
        body: await refundSale(trx, billing, {
          saleId: request.params.id,
          credits: request.body.credits,
          actorUserId: admin.userId,
          reason: request.body.reason,
        }),
      }));
    },
  );
}
