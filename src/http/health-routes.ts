import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Unavailable } from '../errors.js';
import type { Services } from '../services.js';

export async function healthRoutes(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const logLevel = 'warn';
  app.get('/healthz', { logLevel, config: { rateLimit: false }, schema: { tags: ['ops'] } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { logLevel, config: { rateLimit: false }, schema: { tags: ['ops'] } },
    async (request) => {
      try {
        await sql`select 1`.execute(options.services.db.kysely);
      } catch (error) {
        request.log.error({ err: error }, 'database not ready');
        throw new Unavailable('database_unavailable', 'The database is not reachable.');
      }
      return { status: 'ready', database: options.services.db.dialect };
    },
  );
}
