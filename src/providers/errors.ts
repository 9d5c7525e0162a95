import type { ProviderFailure } from './spec.js';

/**
 * Stable provider failure codes. The chat layer maps them to a TurnEvent error (and, on HTTP routes,
 * to a 502/503); the code is safe to show, the message is the upstream's own words when it gave any.
 */
export type ProviderErrorCode =
  | 'upstream_bad_request'
  | 'upstream_unauthorized'
  | 'upstream_not_found'
  | 'upstream_rate_limited'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'upstream_disconnected'
  | 'upstream_protocol'
  | 'model_unavailable'
  | 'model_busy'
  | 'model_failed';

/** A typed provider failure; thrown before the first token, carried by an `error` chunk after it. */
export class ProviderError extends Error implements ProviderFailure {
  readonly code: ProviderErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  /** How long the upstream asked us to wait (Retry-After), when it said so. */
  readonly retryAfterMs?: number;
  /** The upstream's own error type (`rate_limit_error`, `invalid_request_error`…), for logs. */
  readonly upstreamType?: string;

  constructor(
    code: ProviderErrorCode,
    message: string,
    options: {
      status?: number;
      retryable?: boolean;
      retryAfterMs?: number;
      upstreamType?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamType = options.upstreamType;
  }

  /** The plain `ProviderFailure` value carried by an `error` chunk. */
  toFailure(): ProviderFailure {
    const failure: ProviderFailure = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.status !== undefined) failure.status = this.status;
    return failure;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** HTTP status → code and retryability; 408/409/429/5xx are worth another attempt. */
export function providerErrorForStatus(
  status: number,
  message: string,
  extra: { retryAfterMs?: number; upstreamType?: string } = {},
): ProviderError {
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  const code: ProviderErrorCode =
    status === 401 || status === 403
      ? 'upstream_unauthorized'
      : status === 404
        ? 'upstream_not_found'
        : status === 429
          ? 'upstream_rate_limited'
          : status === 408
            ? 'upstream_timeout'
            : status >= 500 || status === 409
              ? 'upstream_unavailable'
              : 'upstream_bad_request';
  return new ProviderError(code, message || `The model server answered HTTP ${status}.`, {
    status,
    retryable,
    ...extra,
  });
}

/** Anything thrown inside an adapter becomes a ProviderError (network failures are retryable). */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('upstream_unavailable', `Could not reach the model server: ${message}`, {
    retryable: true,
    cause: error,
  });
}
