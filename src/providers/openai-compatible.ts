import { z } from 'zod';
import { ProviderError, toProviderError } from './errors.js';
import {
  defaultRetry,
  defaultSleep,
  defaultTimeouts,
  type FetchLike,
  postForStream,
  type RetryOptions,
  retryBeforeFirstToken,
  retryDelay,
  type Sleep,
  type TimeoutOptions,
} from './http-stream.js';
import {
  OpenAIStreamState,
  openAIErrorFromResponse,
  type OpenAIWireOptions,
  toOpenAIChatBody,
} from './openai-wire.js';
import type { ChatChunk, ChatParameter, ChatRequest, EmbeddingModel, LanguageModel } from './spec.js';
import { parseServerSentEvents } from './sse.js';

export type OpenAICompatibleHost =
  | 'openai'
  | 'ollama'
  | 'vllm'
  | 'lmstudio'
  | 'llamacpp'
  | 'openrouter'
  | 'generic';

export interface OpenAICompatibleOptions extends Partial<Omit<OpenAIWireOptions, 'model'>> {
  /** e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` and `/embeddings` are appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Id shown in status and logs; defaults to `<host>:<model>`. */
  id?: string;
  contextSize?: number;
  /** Sent with every request (OpenRouter's `HTTP-Referer`/`X-Title`, proxies' own auth…). */
  headers?: Record<string, string>;
  fetch?: FetchLike;
  timeouts?: Partial<TimeoutOptions>;
  retry?: Partial<RetryOptions>;
  sleep?: Sleep;
  random?: () => number;
}

/**
 * Known host quirks, as option presets (STYLE §5: quirks are constructor options, never `if (host)`
 * in callers). Everything here can be overridden by passing the option itself.
 */
export const openAICompatibleHosts: Record<OpenAICompatibleHost, Partial<OpenAICompatibleOptions>> = {
  // Newer OpenAI models reject `max_tokens`.
  openai: { maxTokensField: 'max_completion_tokens' },
  // Ollama (≥ 0.5) and LM Studio accept strict json_schema and include_usage on /v1; LM Studio
  // rejects `json_object`, so json_schema stays the default everywhere.
  ollama: {},
  lmstudio: {},
  // vLLM's guided decoding handles strict json_schema; its extra sampling knobs go in `extraBody`.
  vllm: {},
  llamacpp: {},
  // OpenRouter asks apps to identify themselves and reports cost when `usage.include` is set.
  openrouter: {
    headers: { 'HTTP-Referer': 'https://github.com/hearth-ai/hearth', 'X-Title': 'Hearth' },
    extraBody: { usage: { include: true } },
  },
  generic: {},
};

/** Guesses the host from its URL (well-known ports and domains); `generic` when unsure. */
export function detectOpenAICompatibleHost(baseUrl: string): OpenAICompatibleHost {
  const url = new URL(baseUrl);
  if (url.hostname === 'api.openai.com') return 'openai';
  if (url.hostname.endsWith('openrouter.ai')) return 'openrouter';
  if (url.port === '11434') return 'ollama';
  if (url.port === '1234') return 'lmstudio';
  if (url.port === '8000') return 'vllm';
  if (url.port === '8080') return 'llamacpp';
  return 'generic';
}

function authHeaders(options: OpenAICompatibleOptions): Record<string, string> {
  return {
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    ...options.headers,
  };
}

function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** A chat model behind any OpenAI-compatible `/chat/completions` endpoint, streamed over SSE. */
export class OpenAICompatibleModel implements LanguageModel {
  readonly id: string;
  readonly contextSize?: number;
  readonly parameters: ReadonlySet<ChatParameter>;
  private readonly wire: OpenAIWireOptions;
  private readonly timeouts: TimeoutOptions;
  private readonly retry: RetryOptions;
  private readonly fetch: FetchLike;

  constructor(private readonly options: OpenAICompatibleOptions) {
    this.id = options.id ?? `openai-compatible:${options.model}`;
    this.contextSize = options.contextSize;
    this.parameters = new Set<ChatParameter>([
      'temperature',
      'topP',
      'topK',
      'presencePenalty',
      'frequencyPenalty',
      'seed',
      'logitBias',
      'stop',
      'tools',
      ...(options.jsonMode === 'off' ? [] : (['jsonSchema', 'jsonObject'] as const)),
    ]);
    this.wire = {
      model: options.model,
      maxTokensField: options.maxTokensField ?? 'max_tokens',
      includeUsage: options.includeUsage ?? true,
      jsonMode: options.jsonMode ?? 'json_schema',
      extraBody: options.extraBody,
    };
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
    const body = postForStream({
      fetch: this.fetch,
      url: endpoint(this.options.baseUrl, '/chat/completions'),
      headers: authHeaders(this.options),
      body: toOpenAIChatBody(request, this.wire),
      signal,
      timeouts: this.timeouts,
      toError: openAIErrorFromResponse,
    });
    const state = new OpenAIStreamState();
    for await (const event of parseServerSentEvents(body)) {
      for (const chunk of state.accept(event.data)) yield chunk;
      if (state.done) break;
    }
    const finish = state.finish();
    if (!finish) {
      throw new ProviderError(
        'upstream_disconnected',
        'The model server closed the stream before finishing.',
        {
          retryable: true,
        },
      );
    }
    yield* state.calls();
    yield finish;
  }
}

const embeddingsBody = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().optional() })),
});

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint (Ollama, vLLM, LM Studio, OpenAI…). */
export class OpenAICompatibleEmbeddings implements EmbeddingModel {
  readonly id: string;
  private readonly fetch: FetchLike;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;

  /** `dimensions` must match the model; `probeEmbeddingDimensions` measures it once at startup. */
  constructor(private readonly options: OpenAICompatibleOptions & { dimensions: number }) {
    this.id = options.id ?? `openai-compatible:${options.model}`;
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.retry = { ...defaultRetry, ...options.retry };
    this.timeoutMs = options.timeouts?.firstByteMs ?? defaultTimeouts.firstByteMs;
  }

  get dimensions(): number {
    return this.options.dimensions;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.embedOnce(texts, signal);
      } catch (error) {
        const failure = toProviderError(error);
        const wait = signal?.aborted
          ? undefined
          : retryDelay(failure, attempt, this.retry, this.options.random);
        if (wait === undefined) throw failure;
        await (this.options.sleep ?? defaultSleep)(wait, signal ?? new AbortController().signal);
      }
    }
  }

  private async embedOnce(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const response = await this.fetch(endpoint(this.options.baseUrl, '/embeddings'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(this.options) },
      body: JSON.stringify({ model: this.options.model, input: texts }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await response.text();
    if (!response.ok) throw openAIErrorFromResponse(response.status, text, response.headers);
    const parsed = embeddingsBody.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.data.length !== texts.length) {
      throw new ProviderError('upstream_protocol', 'The embeddings server sent an unexpected answer.');
    }
    return [...parsed.data.data]
      .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
      .map((item) => Float32Array.from(item.embedding));
  }
}

/** Embeds one short text to learn a remote model's vector size. */
export async function probeEmbeddingDimensions(options: OpenAICompatibleOptions): Promise<number> {
  const probe = new OpenAICompatibleEmbeddings({ ...options, dimensions: 0 });
  const [vector] = await probe.embed(['dimension probe']);
  return vector.length;
}
