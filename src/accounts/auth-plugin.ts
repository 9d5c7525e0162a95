import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Forbidden, Unauthorized } from '../errors.js';
import { assertSameOrigin } from '../http/csrf.js';
import type { Services } from '../services.js';
import { type Actor, type Role, actorFromUser, hasRole } from './actor.js';
import { resolveApiKey } from './api-keys.js';
import { SESSION_COOKIE, resolveSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null for anonymous requests. Set once, in onRequest. */
    actor: Actor | null;
  }
}

/**
 * Resolves `Authorization: Bearer <api key>` or the session cookie into `request.actor`, then applies
 * the CSRF origin check to cookie-authenticated writes. A bad or revoked key is a 401 even on public
 * routes, so a broken integration fails loudly instead of silently running anonymous.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { services: Services }) => {
    const { services } = options;
    const sessionDeps = {
      db: services.db.kysely,
      clock: services.clock,
      secret: services.secret,
      ttlHours: services.config.sessionTtlHours,
    };
    app.decorateRequest('actor', null);

    app.addHook('onRequest', async (request, reply) => {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        const user = match ? await resolveApiKey(sessionDeps, match[1]) : undefined;
        if (!user || user.status === 'deleted') {
          throw new Unauthorized('invalid_api_key', 'The API key is missing, malformed, unknown or revoked.');
        }
        request.actor = actorFromUser(user, 'api_key', undefined, user.apiKey);
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      assertSameOrigin(request, services.config.publicUrl, Boolean(token));
      if (!token) return;
      const session = await resolveSession(sessionDeps, token);
      // A banned user keeps an actor here: the account-state check answers `account_banned`.
      if (!session || session.user.status === 'deleted') {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return;
      }
      request.actor = actorFromUser(session.user, 'session', session.sessionId);
    });
  },
  { name: 'hearth-auth', dependencies: ['@fastify/cookie'] },
);

/** The caller, or a 401 when the request is anonymous. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthorized();
  return request.actor;
}

/** The caller when they hold `role` (or a higher one), else 401/403. */
export function requireRole(request: FastifyRequest, role: Role): Actor {
  const actor = requireActor(request);
  if (!hasRole(actor, role)) throw new Forbidden('forbidden', `This needs the ${role} role.`);
  return actor;
}
