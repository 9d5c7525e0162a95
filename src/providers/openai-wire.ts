import { z } from 'zod';
import { providerErrorForStatus, ProviderError } from './errors.js';
import { parseRetryAfter } from './http-stream.js';
import type { ChatChunk, ChatRequest, FinishReason, Usage } from './spec.js';

/** How a host wants a few request fields; see `openAICompatibleHosts` for the known quirks. */
export interface OpenAIWireOptions {
  model: string;
  /** OpenAI's own API rejects `max_tokens` for newer models; most other hosts only know `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Ask for a final usage chunk (`stream_options.include_usage`); a few old servers reject it. */
  includeUsage: boolean;
  /** How `ChatRequest.jsonSchema` travels: strict json_schema, plain JSON mode, or not at all. */
  jsonMode: 'json_schema' | 'json_object' | 'off';
  /** Extra top-level body fields a host understands (vLLM sampling knobs, OpenRouter routing…). */
  extraBody?: Record<string, unknown>;
}

/** ChatRequest → `/chat/completions` body. Pure, so the contract suite can assert what is sent. */
export function toOpenAIChatBody(request: ChatRequest, wire: OpenAIWireOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...wire.extraBody,
    model: wire.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    stream: true,
  };
  if (wire.includeUsage) body.stream_options = { include_usage: true };
  if (request.maxTokens !== undefined) body[wire.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (request.jsonSchema && wire.jsonMode === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true },
    };
  } else if (request.jsonSchema && wire.jsonMode === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  return body;
}

const upstreamError = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

// Lenient: names only what we read. Ollama sends `{error: "text"}`, vLLM `{message, type, code}`.
const errorBody = z.union([
  z.object({ error: upstreamError }),
  z.object({ error: z.string() }),
  upstreamError.extend({ message: z.string() }),
]);

const streamChunk = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
  error: z.union([upstreamError, z.string()]).nullish(),
});

function describe(error: z.infer<typeof upstreamError> | string): { message: string; type?: string } {
  if (typeof error === 'string') return { message: error };
  return { message: error.message ?? '', type: error.type ?? (error.code ? String(error.code) : undefined) };
}

/** Non-2xx answer → ProviderError with the upstream's own message preserved. */
export function openAIErrorFromResponse(status: number, text: string, headers: Headers): ProviderError {
  let parsed: ReturnType<typeof describe> = { message: text.slice(0, 500) };
  try {
    const body = errorBody.safeParse(JSON.parse(text));
    if (body.success) parsed = describe('error' in body.data ? body.data.error : body.data);
  } catch {
    // Not JSON (a proxy's HTML page): keep the start of the raw text.
  }
  return providerErrorForStatus(status, parsed.message, {
    retryAfterMs: parseRetryAfter(headers),
    upstreamType: parsed.type,
  });
}

export function mapOpenAIFinishReason(raw: string): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** Folds one `data:` payload into chunks; keeps finish reason and usage until `[DONE]`. */
export class OpenAIStreamState {
  rawFinishReason?: string;
  usage?: Usage;
  done = false;

  accept(data: string): ChatChunk[] {
    if (data.trim() === '[DONE]') {
      this.done = true;
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw new ProviderError('upstream_protocol', 'The model server sent a malformed stream chunk.', {
        retryable: true,
      });
    }
    const parsed = streamChunk.safeParse(json);
    if (!parsed.success) return [];
    const chunk = parsed.data;
    if (chunk.error) {
      const { message, type } = describe(chunk.error);
      throw new ProviderError('upstream_unavailable', message || 'The model server failed mid-stream.', {
        retryable: true,
        upstreamType: type,
      });
    }
    if (chunk.usage) {
      this.usage = {
        inputTokens: chunk.usage.prompt_tokens ?? undefined,
        outputTokens: chunk.usage.completion_tokens ?? undefined,
      };
    }
    const out: ChatChunk[] = [];
    for (const choice of chunk.choices ?? []) {
      const text = choice.delta?.content;
      if (text) out.push({ type: 'text-delta', text });
      if (choice.finish_reason) this.rawFinishReason = choice.finish_reason;
    }
    return out;
  }

  /** The final chunk, or undefined when the stream ended before the server said it finished. */
  finish(): ChatChunk | undefined {
    if (this.rawFinishReason === undefined && !this.done) return undefined;
    const raw = this.rawFinishReason ?? 'stop';
    const finish: ChatChunk = {
      type: 'finish',
      finishReason: mapOpenAIFinishReason(raw),
      rawFinishReason: raw,
    };
    if (this.usage) finish.usage = this.usage;
    return finish;
  }
}
