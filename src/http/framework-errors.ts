import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { type ErrorBody, sendError } from './error-handler.js';

/**
 * Errors Fastify answers before any route or error handler runs — a malformed URL, a path parameter
 * over `maxParamLength` (414) — in the documented `{error:{code,message}}` shape (issue 13, low).
 * Passed as Fastify's `frameworkErrors` option.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError(414, 'uri_too_long', 'A path segment of this URL is longer than this server accepts.')
      : error.code === 'FST_ERR_BAD_URL'
        ? new AppError(400, 'invalid_url', 'The URL is malformed (a bad percent-encoding?).')
        : new AppError(500, 'internal_error', 'Something went wrong on our side. The error has been logged.');
  if (appError.status >= 500) request.log.error({ err: error }, 'framework error');
  return sendError(reply, appError);
}

/** What Node's HTTP parser rejected (before Fastify saw a request) maps to these. */
function clientErrorFor(code: string | undefined): { status: number; code: string; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' };
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'headers_too_large', message: 'The request headers are too large.' };
  if (code === 'HPE_URI_TOO_LONG' || code === 'HPE_URL_TOO_LONG')
    return { status: 414, code: 'uri_too_long', message: 'The URL is longer than this server accepts.' };
  return { status: 400, code: 'bad_request', message: 'The HTTP request is malformed.' };
}

/**
 * Fastify's `clientErrorHandler`: the same shape for errors Node raises on the raw socket (slow or
 * oversized headers, broken HTTP). Mirrors Fastify's default: nothing to say to a reset socket.
 */
export function handleClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = clientErrorFor(error.code);
  const body: ErrorBody = { error: { code, message } };
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}
