import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its body itself (raw bytes for a webhook signature): no body schema applies. */
    rawBody?: boolean;
  }
}

/** The body of a route that takes none: nothing (Fastify gives null), or an empty JSON object — any field is refused. */
export const noBody = z.strictObject({}).nullish();

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function takesBody(method: string | string[]): boolean {
  return (Array.isArray(method) ? method : [method]).some((name) => BODY_METHODS.has(name.toUpperCase()));
}

/**
 * Every route declares its body (issue 13 item 10): a write route registered without a body schema
 * gets `noBody`, so a stray or hostile body is a 400 before any handler sees it, and routes added
 * later are covered without anyone remembering to. Multipart uploads leave `request.body` unset and
 * pass; routes that parse their own bytes opt out with `config: { rawBody: true }`.
 */
export function declareMissingBodySchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!takesBody(route.method) || route.config?.rawBody) return;
    if (route.schema?.body) return;
    route.schema = { ...route.schema, body: noBody };
  });
}
