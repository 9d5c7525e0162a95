import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TurnEvent } from './turn-events.js';

/**
 * Streams turn events as Server-Sent Events. The first event is awaited BEFORE any header is sent, so
 * errors raised before the turn starts (404, 402, 403, validation) are ordinary JSON error responses.
 * When the client goes away the controller is aborted (stopping inference), and the generator is still
 * drained so the partial reply is stored and the credit hold released.
 */
export async function sendTurnAsSse(
  request: FastifyRequest,
  reply: FastifyReply,
  events: AsyncGenerator<TurnEvent>,
  controller: AbortController,
): Promise<void> {
  const first = await events.next();
  reply.hijack();
  const response = reply.raw;
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  const write = (event: TurnEvent) => {
    if (controller.signal.aborted || response.destroyed) return;
    response.write(`data: ${JSON.stringify(event)}\n\n`);
    // Node corks the socket on each chunked write and uncorks on the next tick, which only comes once
    // the turn's pending promise work has run: a fast provider's first token would wait for the whole
    // turn (persisting, settling). Send each event now, except the echo of the user's message: it
    // leaves with the next tick or the first token, whichever comes first (one packet, not two).
    if (event.type !== 'user-message') response.socket?.uncork();
  };
  try {
    if (!first.done) write(first.value);
    for await (const event of events) write(event);
  } catch (error) {
    request.log.error({ err: error }, 'turn stream failed');
    write({
      type: 'error',
      code: 'internal_error',
      message: 'The reply failed on our side. Please try again.',
    });
  } finally {
    if (!response.destroyed) response.end();
  }
}
