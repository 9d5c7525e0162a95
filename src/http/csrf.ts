import type { FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence without tokens (DESIGN §6): a state-changing browser request must come from our own
 * origin, told by `Origin` or else `Sec-Fetch-Site`. Bearer-key requests are exempt; a request with a
 * session cookie and neither header is refused, since every current browser sends one of them.
 */
export function assertSameOrigin(
  request: FastifyRequest,
  publicUrl: string | undefined,
  hasSessionCookie: boolean,
) {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.authorization?.startsWith('Bearer ')) return;
  const origin = request.headers.origin;
  if (origin) {
    if (origin === ownOrigin(request) || (publicUrl && origin === new URL(publicUrl).origin)) return;
    throw new Forbidden('csrf_rejected', 'This request came from another site and was refused.');
  }
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite) {
    if (fetchSite === 'same-origin' || fetchSite === 'none') return;
    throw new Forbidden('csrf_rejected', 'This request came from another site and was refused.');
  }
  if (hasSessionCookie) {
    throw new Forbidden('csrf_rejected', 'A cookie-authenticated change needs an Origin header.');
  }
}

function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
