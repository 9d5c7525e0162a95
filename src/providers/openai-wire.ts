import { z } from 'zod';
import { providerErrorForStatus, ProviderError } from './errors.js';
import { parseRetryAfter } from './http-stream.js';
import type { ChatChunk, ChatMessage, ChatRequest, FinishReason, ToolCall, Usage } from './spec.js';

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

function toWireMessage(message: ChatMessage): Record<string, unknown> {
  const wire: Record<string, unknown> = { role: message.role, content: message.content };
  if (message.name) wire.name = message.name;
  if (message.toolCallId) wire.tool_call_id = message.toolCallId;
  if (message.toolCalls?.length) {
    wire.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return wire;
}

/** ChatRequest → `/chat/completions` body. Pure, so the contract suite can assert what is sent. */
export function toOpenAIChatBody(request: ChatRequest, wire: OpenAIWireOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...wire.extraBody,
    model: wire.model,
    messages: request.messages.map(toWireMessage),
    stream: true,
  };
  if (wire.includeUsage) body.stream_options = { include_usage: true };
  if (request.maxTokens !== undefined) body[wire.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  // Not in OpenAI's own API, but vLLM, llama.cpp, Ollama, LM Studio and OpenRouter all read it.
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.logitBias && Object.keys(request.logitBias).length > 0) body.logit_bias = request.logitBias;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({ type: 'function', function: tool }));
    if (request.toolChoice !== undefined) {
      body.tool_choice =
        typeof request.toolChoice === 'string'
          ? request.toolChoice
          : { type: 'function', function: { name: request.toolChoice.name } };
    }
  }
  if (request.jsonObject && !request.jsonSchema) body.response_format = { type: 'json_object' };
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
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  function: z
                    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
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
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** Folds one `data:` payload into chunks; keeps finish reason and usage until `[DONE]`. */
export class OpenAIStreamState {
  rawFinishReason?: string;
  usage?: Usage;
  done = false;
  /** Tool calls arrive in pieces (id and name first, then the arguments), keyed by index. */
  private readonly toolCalls = new Map<number, ToolCall>();

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
      for (const piece of choice.delta?.tool_calls ?? []) {
        const index = piece.index ?? 0;
        const call = this.toolCalls.get(index) ?? { id: '', name: '', arguments: '' };
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.name += piece.function.name;
        if (piece.function?.arguments) call.arguments += piece.function.arguments;
        this.toolCalls.set(index, call);
      }
      if (choice.finish_reason) this.rawFinishReason = choice.finish_reason;
    }
    return out;
  }

  /** The tool calls the model made, complete once the stream finished. */
  calls(): ChatChunk[] {
    return [...this.toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ type: 'tool-call', call }));
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
