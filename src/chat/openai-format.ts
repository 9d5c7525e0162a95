import type { AppError } from '../errors.js';
import type { ToolCall } from '../providers/index.js';
import type { TurnEvent } from './turn-events.js';

/** Mapping between Hearth turns and OpenAI's Chat Completions wire shapes (pure functions). */

export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

/**
 * OpenAI's error shape. A 402 is OpenAI's `insufficient_quota` (what clients know how to show), with
 * Hearth's own code kept beside it; `param` names the offending field when there is one.
 */
export function openAiErrorBody(error: AppError) {
  const details = error.details as { param?: string; parameters?: string[] } | undefined;
  const param = details?.param ?? details?.parameters?.[0] ?? null;
  if (error.status === 402) {
    return {
      error: {
        message: error.message,
        type: 'insufficient_quota',
        param,
        code: 'insufficient_quota',
        hearth_code: error.code,
      },
    };
  }
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
  return { error: { message: error.message, type, param, code: error.code } };
}

/** HTTP status for a turn that failed after it started (provider failures are upstream problems). */
export function statusForTurnError(code: string): number {
  if (code === 'model_unavailable' || code === 'model_busy') return 503;
  if (code.startsWith('upstream_')) return 502;
  return 500;
}

export function finishReasonOf(event: TurnEvent): 'stop' | 'length' | 'content_filter' | 'tool_calls' | null {
  if (event.type === 'blocked') return 'content_filter';
  if (event.type === 'finish') {
    if (event.finishReason === 'tool-calls') return 'tool_calls';
    return event.finishReason === 'length' ? 'length' : 'stop';
  }
  return null;
}

/**
 * The reason phrase of an error response. SillyTavern shows only the upstream's status text for a
 * failed non-streamed request, so Hearth's message travels there too (header-safe characters only).
 */
export function statusTextOf(error: AppError): string {
  return error.message
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function wireToolCalls(calls: ToolCall[]) {
  return calls.map((call, index) => ({
    index,
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
}

export function chunkOf(
  identity: CompletionIdentity,
  delta: { role?: 'assistant'; content?: string; tool_calls?: ReturnType<typeof wireToolCalls> },
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

export function completionOf(
  identity: CompletionIdentity,
  content: string,
  finishReason: string,
  toolCalls: ToolCall[] = [],
) {
  const message =
    toolCalls.length > 0
      ? {
          role: 'assistant',
          content: content || null,
          tool_calls: wireToolCalls(toolCalls).map(({ index: _index, ...call }) => call),
        }
      : { role: 'assistant', content };
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: null,
  };
}
