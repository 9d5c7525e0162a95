import { z } from 'zod';
import { ProviderError, providerErrorForStatus } from './errors.js';
import {
  defaultRetry,
  defaultSleep,
  defaultTimeouts,
  type FetchLike,
  parseRetryAfter,
  postForStream,
  type RetryOptions,
  retryBeforeFirstToken,
  type Sleep,
  type TimeoutOptions,
} from './http-stream.js';
import { inlineName } from './parameters.js';
import type { ChatChunk, ChatParameter, ChatRequest, FinishReason, LanguageModel, Usage } from './spec.js';
import { parseServerSentEvents } from './sse.js';

export interface AnthropicOptions {
  apiKey: string;
  model: string;
  /** Defaults to `https://api.anthropic.com`; `/v1/messages` is appended. */
  baseUrl?: string;
  id?: string;
  contextSize?: number;
  /** The Messages API requires max_tokens; used when a request names none. */
  defaultMaxTokens?: number;
  /** Extra headers, e.g. `anthropic-beta` flags. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
  timeouts?: Partial<TimeoutOptions>;
  retry?: Partial<RetryOptions>;
  sleep?: Sleep;
  random?: () => number;
}

/** ChatRequest → Messages API body: system messages join into `system`; consecutive roles merge. */
export function toAnthropicBody(
  request: ChatRequest,
  model: string,
  defaultMaxTokens: number,
): Record<string, unknown> {
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map(inlineName)
    .join('\n\n');
  const messages: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') continue;
    // The Messages API has no speaker names; tool results never get here (no `tools` parameter).
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = role === 'user' ? inlineName(message) : message.content;
    const last = messages.at(-1);
    // The API rejects two turns of the same role in a row.
    if (last && last.role === role) last.content += `\n\n${content}`;
    else messages.push({ role, content });
  }
  const body: Record<string, unknown> = {
    model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    messages,
    stream: true,
  };
  if (system) body.system = system;
  if (request.temperature !== undefined) body.temperature = Math.min(1, request.temperature);
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stop && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.jsonSchema) {
    body.output_config = { format: { type: 'json_schema', schema: request.jsonSchema.schema } };
  }
  return body;
}

const anthropicError = z.object({ type: z.string().nullish(), message: z.string().nullish() });
const errorBody = z.object({ error: anthropicError });

export function anthropicErrorFromResponse(status: number, text: string, headers: Headers): ProviderError {
  let message = text.slice(0, 500);
  let type: string | undefined;
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    if (parsed.success) {
      message = parsed.data.error.message ?? '';
      type = parsed.data.error.type ?? undefined;
    }
  } catch {
    // Not JSON: keep the raw start.
  }
  // 529 is Anthropic's "overloaded": providerErrorForStatus treats every 5xx as retryable.
  return providerErrorForStatus(status, message, {
    retryAfterMs: parseRetryAfter(headers),
    upstreamType: type,
  });
}

export function mapAnthropicStopReason(raw: string): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

const usage = z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).nullish();
const streamEvent = z.object({
  type: z.string(),
  message: z.object({ usage }).nullish(),
  delta: z
    .object({ type: z.string().nullish(), text: z.string().nullish(), stop_reason: z.string().nullish() })
    .nullish(),
  usage,
  error: anthropicError.nullish(),
});

/** Streamed Claude models through the Messages API (`/v1/messages`, `stream: true`). */
/** The Messages API has no penalties, seed, logit bias or plain JSON mode (tools differ in shape). */
const ANTHROPIC_PARAMETERS: ReadonlySet<ChatParameter> = new Set([
  'temperature',
  'topP',
  'topK',
  'stop',
  'jsonSchema',
]);

export class AnthropicModel implements LanguageModel {
  readonly id: string;
  readonly parameters = ANTHROPIC_PARAMETERS;
  readonly contextSize?: number;
  private readonly timeouts: TimeoutOptions;
  private readonly retry: RetryOptions;
  private readonly fetch: FetchLike;

  constructor(private readonly options: AnthropicOptions) {
    this.id = options.id ?? `anthropic:${options.model}`;
    this.contextSize = options.contextSize ?? 200_000;
    this.timeouts = { ...defaultTimeouts, ...options.timeouts };
    this.retry = { ...defaultRetry, ...options.retry };
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
  }

  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk> {
    return retryBeforeFirstToken(() => this.attempt(request, signal), {
      signal,
      retry: this.retry,
      sleep: this.options.sleep ?? defaultSleep,
      random: this.options.random,
    });
  }

  private async *attempt(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
    const base = (this.options.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '');
    const body = postForStream({
      fetch: this.fetch,
      url: `${base}/v1/messages`,
      headers: {
        'x-api-key': this.options.apiKey,
        'anthropic-version': '2023-06-01',
        ...this.options.headers,
      },
      body: toAnthropicBody(request, this.options.model, this.options.defaultMaxTokens ?? 1024),
      signal,
      timeouts: this.timeouts,
      toError: anthropicErrorFromResponse,
    });
    const totals: Usage = {};
    let rawStopReason: string | undefined;
    for await (const sse of parseServerSentEvents(body)) {
      let json: unknown;
      try {
        json = JSON.parse(sse.data);
      } catch {
        throw new ProviderError('upstream_protocol', 'The model server sent a malformed event.', {
          retryable: true,
        });
      }
      const parsed = streamEvent.safeParse(json);
      if (!parsed.success) continue;
      const event = parsed.data;
      if (event.type === 'message_start') {
        totals.inputTokens = event.message?.usage?.input_tokens ?? undefined;
        totals.outputTokens = event.message?.usage?.output_tokens ?? undefined;
      } else if (event.type === 'content_block_delta') {
        if (event.delta?.type === 'text_delta' && event.delta.text)
          yield { type: 'text-delta', text: event.delta.text };
      } else if (event.type === 'message_delta') {
        rawStopReason = event.delta?.stop_reason ?? rawStopReason;
        if (event.usage?.output_tokens != null) totals.outputTokens = event.usage.output_tokens;
        if (event.usage?.input_tokens != null) totals.inputTokens = event.usage.input_tokens;
      } else if (event.type === 'error') {
        const type = event.error?.type ?? undefined;
        throw new ProviderError(
          type === 'overloaded_error' || type === 'api_error'
            ? 'upstream_unavailable'
            : 'upstream_bad_request',
          event.error?.message || 'The model server failed mid-stream.',
          {
            retryable: type === 'overloaded_error' || type === 'api_error' || type === 'rate_limit_error',
            upstreamType: type,
          },
        );
      } else if (event.type === 'message_stop') {
        const raw = rawStopReason ?? 'end_turn';
        const finish: ChatChunk = {
          type: 'finish',
          finishReason: mapAnthropicStopReason(raw),
          rawFinishReason: raw,
        };
        if (totals.inputTokens !== undefined || totals.outputTokens !== undefined) finish.usage = totals;
        yield finish;
        return;
      }
    }
    throw new ProviderError('upstream_disconnected', 'The model server closed the stream before finishing.', {
      retryable: true,
    });
  }
}
