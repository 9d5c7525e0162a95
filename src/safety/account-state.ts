import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Services } from '../services.js';
import { assertMayChat, enforcementOptionsFrom, liftEndedSuspension } from './enforcement.js';

/** Routes a suspended account may still call besides reading: appealing (issue 13 item 2). */
export const ALLOWED_WHILE_SUSPENDED: readonly string[] = ['POST /api/me/appeal'];

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one account-state check (issue 13 item 2), for every authenticated request, session and API key
 * alike, before any route runs: a banned account may do nothing (403 `account_banned`), a suspended
 * one may read, export and appeal (403 `account_suspended` for everything else). The sign-in routes,
 * health checks and the web UI's files are exempt: they do not act as the account whose cookie is sent. A timed suspension
 * that has run out is lifted here, on the user's next request.
 */
export const accountStatePlugin = fp(
  async (app: FastifyInstance, options: { services: Services }) => {
    const { db, clock, config } = options.services;
    const deps = { db: db.kysely, clock, enforcement: enforcementOptionsFrom(config.safety) };
    app.addHook('onRequest', async (request) => {
      const actor = request.actor;
      if (!actor || actor.status === 'active' || !isAccountRoute(request)) return;
      const current = await liftEndedSuspension(deps, actor);
      request.actor = current;
      if (current.status === 'active') return;
      if (current.status === 'suspended' && isAllowedWhileSuspended(request)) return;
      assertMayChat(current, deps.enforcement.appeal);
    });
  },
  { name: 'hearth-account-state', dependencies: ['hearth-auth'] },
);

/** The API acts as the account; the web UI's files, health checks and the sign-in routes do not. */
function isAccountRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return (url.startsWith('/api/') && !url.startsWith('/api/auth/')) || url.startsWith('/v1/');
}

function isAllowedWhileSuspended(request: FastifyRequest): boolean {
  if (READ_METHODS.has(request.method)) return true;
  return ALLOWED_WHILE_SUSPENDED.includes(`${request.method} ${request.routeOptions.url}`);
}
