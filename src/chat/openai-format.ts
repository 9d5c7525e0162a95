import type { AppError } from '../errors.js';
import type { TurnEvent } from './turn-events.js';

/** Mapping between Hearth turns and OpenAI's Chat Completions wire shapes (pure functions). */

export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

export function openAiErrorBody(error: AppError) {
  const type =
    error.status === 401
      ? 'authentication_error'
      : error.status === 403
        ? 'permission_error'
        : error.status === 404
          ? 'not_found_error'
          : error.status === 429
            ? 'rate_limit_error'
            : error.status >= 500
              ? 'api_error'
              : 'invalid_request_error';
  return { error: { message: error.message, type, param: null, code: error.code } };
}

/** HTTP status for a turn that failed after it started (provider failures are upstream problems). */
export function statusForTurnError(code: string): number {
  if (code === 'model_unavailable') return 503;
  if (code.startsWith('upstream_')) return 502;
  return 500;
}

export function finishReasonOf(event: TurnEvent): 'stop' | 'length' | 'content_filter' | null {
  if (event.type === 'blocked') return 'content_filter';
  if (event.type === 'finish') return event.finishReason === 'length' ? 'length' : 'stop';
  return null;
}

export function chunkOf(
  identity: CompletionIdentity,
  delta: { role?: 'assistant'; content?: string },
  finishReason: string | null,
) {
  return {
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

export function completionOf(identity: CompletionIdentity, content: string, finishReason: string) {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [
      { index: 0, message: { role: 'assistant', content }, finish_reason: finishReason, logprobs: null },
    ],
    usage: null,
  };
}
