/**
 * Typed application errors. Each subclass fixes an HTTP status and a stable snake_case `code`;
 * the single error handler in `app.ts` turns them into `{error:{code,message,details}}`.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class BadRequest extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(code = 'unauthorized', message = 'You need to log in to do that.') {
    super(401, code, message);
  }
}

export class PaymentRequired extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(402, code, message, details);
  }
}

export class Forbidden extends AppError {
  constructor(code = 'forbidden', message = 'You are not allowed to do that.', details?: unknown) {
    super(403, code, message, details);
  }
}

export class NotFound extends AppError {
  constructor(code = 'not_found', message = 'Not found.') {
    super(404, code, message);
  }
}

export class Conflict extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

export class PayloadTooLarge extends AppError {
  constructor(code = 'payload_too_large', message = 'The request body is too large.') {
    super(413, code, message);
  }
}

export class Unprocessable extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}

export class RateLimited extends AppError {
  constructor(message = 'Too many requests. Try again later.', retryAfterSeconds?: number) {
    super(429, 'rate_limited', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
}

export class Unavailable extends AppError {
  constructor(code = 'unavailable', message = 'The service is temporarily unavailable.') {
    super(503, code, message);
  }
}

/** Every stable error code the API can return, documented in README (a test keeps them in sync). */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'json_too_deep',
  'invalid_url',
  'uri_too_long',
  'headers_too_large',
  'request_timeout',
  'validation_failed',
  'unauthorized',
  'invalid_credentials',
  'invalid_api_key',
  'session_expired',
  'forbidden',
  'csrf_rejected',
  'underage',
  'account_banned',
  'not_found',
  'user_not_found',
  'api_key_not_found',
  'email_taken',
  'payload_too_large',
  'card_extensions_too_large',
  'unsupported_media_type',
  'invalid_card',
  'invalid_lorebook',
  'rate_limited',
  'unavailable',
  'database_unavailable',
  'internal_error',
  'memory_not_found',
  // chat (src/chat)
  'message_not_found',
  'swipe_out_of_range',
  'nothing_to_regenerate',
  'nothing_to_continue',
  'cannot_regenerate',
  'no_user_message',
  'message_too_long',
  'chat_character_mismatch',
  'model_not_found',
  'model_unavailable',
  // /v1 (issue 22)
  'unsupported_parameter',
  'unsupported_content',
  'context_length_exceeded',
  'invalid_prompt_mode',
  'history_mismatch',
  // characters (src/characters)
  'minor_character',
  'character_locked',
  'fork_not_allowed',
  'invalid_cursor',
  'invalid_image',
  // money (src/billing)
  'insufficient_credits',
  'invalid_amount',
  'idempotency_key_required',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'unknown_gift',
  'unknown_pack',
  'chat_not_found',
  'character_not_found',
  'offer_not_found',
  'already_owned',
  'sale_not_found',
  'refund_too_large',
  'subscription_not_found',
  'payments_not_configured',
  'invalid_webhook_signature',
  'payout_below_threshold',
  'payout_not_found',
  'payout_invalid_state',
  'ledger_mismatch',
  // safety (src/safety)
  'account_suspended',
  'account_banned',
  'account_unavailable',
  'item_not_found',
  'item_already_decided',
  'takedown_unavailable',
  // chat craft (src/personas, src/chat; issue 20)
  'persona_not_found',
  'persona_limit_reached',
  'invalid_chat_file',
] as const;
