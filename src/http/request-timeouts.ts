import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpConfig } from './config.js';

const TIMEOUT_BODY = JSON.stringify({
  error: { code: 'request_timeout', message: 'The request took too long to arrive.' },
});

function isUpload(request: FastifyRequest): boolean {
  return /^multipart\//i.test(request.headers['content-type'] ?? '');
}

/**
 * Ends a request whose body has not fully arrived in time (issue 13 item 13: a body trickled a byte at
 * a time held a connection forever): 408 `request_timeout`, then the connection closes. Uploads
 * (multipart) get the longer `uploadTimeoutMs`. Only arrival is timed — once the body is complete, a
 * slow handler or a long streamed reply is not cut. Node's own `headersTimeout` bounds slow headers,
 * its `requestTimeout` is the backstop and the idle timeout drops silent connections (set in app.ts).
 */
export function registerRequestTimeouts(app: FastifyInstance, http: HttpConfig): void {
  const arrived = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request, reply) => {
    const limitMs = isUpload(request) ? http.uploadTimeoutMs : http.requestTimeoutMs;
    request.raw.once('end', () => arrived.add(request));
    const timer = setTimeout(() => {
      if (!arrived.has(request)) endSlowRequest(request, reply);
    }, limitMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    reply.raw.once('finish', clear);
    reply.raw.once('close', clear);
  });
  // A parsed body has arrived whole (and a body-less request had nothing to wait for).
  app.addHook('preValidation', async (request) => {
    if (!isUpload(request)) arrived.add(request);
  });
}

function endSlowRequest(request: FastifyRequest, reply: FastifyReply): void {
  if (request.raw.complete || reply.raw.writableEnded) return;
  request.log.info({ timeout: true }, 'request body did not arrive in time');
  const response = reply.raw;
  if (!response.headersSent) {
    reply.hijack();
    response.writeHead(408, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(TIMEOUT_BODY),
      connection: 'close',
    });
    response.end(TIMEOUT_BODY);
  }
  // The rest of the body will never be read; the connection cannot carry another request.
  const destroy = () => {
    const socket = request.raw.socket;
    if (typeof socket?.destroy === 'function') socket.destroy();
  };
  if (response.writableFinished) destroy();
  else response.once('finish', destroy);
}

/** Node server limits: slow headers, the whole-request backstop, idle connections. */
export function serverTimeouts(http: HttpConfig) {
  return {
    connectionTimeout: http.idleTimeoutMs,
    // Node's check runs every 30 s, so it only backs up the precise per-request timer above.
    requestTimeout: Math.max(http.requestTimeoutMs, http.uploadTimeoutMs) + 1_000,
  };
}
