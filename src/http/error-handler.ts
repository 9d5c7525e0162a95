import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Maps any thrown error to an `AppError`-shaped value: our own errors pass through, Fastify's
 * framework errors (bad JSON, body too large, validation) get stable codes, anything else is a 500
 * whose cause stays in the log.
 */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      path: `${issue.instancePath || '/'}`,
      message: issue.message ?? 'is invalid',
    }));
    const where = fastifyError.validationContext ?? 'request';
    return new AppError(400, 'validation_failed', describeValidation(where, details), details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'payload_too_large', 'The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'invalid_json', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(400, 'bad_request', 'The Content-Length header does not match the body.');
  }
  if (fastifyError.statusCode === 400 && error instanceof SyntaxError) {
    return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (fastifyError.statusCode === 429)
    return new AppError(429, 'rate_limited', 'Too many requests. Try again later.');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(fastifyError.statusCode, 'bad_request', fastifyError.message);
  }
  return new AppError(500, 'internal_error', 'Something went wrong on our side. The error has been logged.');
}

function describeValidation(where: string, details: { path: string; message: string }[]): string {
  const first = details[0];
  const field = first?.path.replace(/^\//, '').replaceAll('/', '.') || where;
  return `Invalid ${where}: ${field} ${first?.message ?? 'is invalid'}.`;
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (retryAfter) reply.header('retry-after', String(retryAfter));
  return reply.status(error.status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
    return sendError(reply, appError);
  });
}
