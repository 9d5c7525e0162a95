import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { adminFinanceRoutes } from './admin-routes.js';
import { creatorRoutes } from './creator-routes.js';
import { giftRoutes } from './gift-routes.js';
import { walletRoutes } from './wallet-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/** Every money route, as one plugin: `app.register(billingRoutes, { services })`. */
export async function billingRoutes(app: FastifyInstance, options: { services: Services }) {
  await app.register(walletRoutes, options);
  await app.register(giftRoutes, options);
  await app.register(creatorRoutes, options);
  await app.register(adminFinanceRoutes, options);
  await app.register(webhookRoutes, options);
}
