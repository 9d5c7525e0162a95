import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimited } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route runs a chat turn: it counts against the caller's concurrent-turn cap. */
    runsTurn?: boolean;
  }
}

/** How long a capped caller is told to wait; a turn usually ends within seconds. */
const RETRY_AFTER_SECONDS = 2;

/**
 * At most `maxPerUser` turns per user at once, across the web UI, regenerate/continue and `/v1`
 * (issue 13 item 12: one account ran 200 parallel turns against the model server). A route opts in
 * with `config: { runsTurn: true }`; the slot is taken after authentication and validation, before
 * any work, and given back when the response ends or the client goes away. Counted per process.
 */
export function registerTurnLimit(app: FastifyInstance, maxPerUser: number): Map<string, number> {
  const running = new Map<string, number>();
  const take = async (request: FastifyRequest, reply: FastifyReply) => {
    const userId = request.actor?.userId;
    if (!userId) return; // the handler answers 401
    const count = running.get(userId) ?? 0;
    if (count >= maxPerUser) {
      // Set here: /v1 has its own error handler, which writes only the body.
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new RateLimited(
        `You already have ${count} replies being written. Wait for one to finish, then try again.`,
        RETRY_AFTER_SECONDS,
      );
    }
    running.set(userId, count + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (running.get(userId) ?? 1) - 1;
      if (left > 0) running.set(userId, left);
      else running.delete(userId);
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  };
  app.addHook('onRoute', (route) => {
    if (!route.config?.runsTurn) return;
    const existing = route.preHandler;
    route.preHandler = existing ? [...(Array.isArray(existing) ? existing : [existing]), take] : [take];
  });
  return running;
}
