import fs from 'node:fs';
import path from 'node:path';
import {
  type ChatHistoryItem,
  type Llama,
  LlamaChat,
  type LlamaChatResponse,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
  TokenBias,
} from 'node-llama-cpp';
import { ChunkChannel } from './chunk-channel.js';
import { ProviderError, isProviderError } from './errors.js';
import { LeasePool } from './lease-pool.js';
import { loadCpuLlama } from './llama-runtime.js';
import { inlineName } from './parameters.js';
import type {
  ChatChunk,
  ChatParameter,
  ChatRequest,
  FinishReason,
  LanguageModel,
  TokenCounter,
} from './spec.js';
import { estimateTokens } from './token-estimate.js';

export interface EmbeddedModelOptions {
  /** The GGUF file. It may not exist yet (first-run download): `stream` then answers `model_unavailable`. */
  modelPath: string;
  id?: string;
  /** Tokens per sequence (each parallel chat gets its own window). */
  contextSize?: number;
  /** Chats generated at the same time on one loaded model. */
  parallelSequences?: number;
  /** Requests allowed to wait for a free sequence before `model_busy`. */
  maxQueued?: number;
  /**
   * CPU threads for generation. Defaults to one less than the math cores: llama.cpp's spinning
   * threads slow to a crawl when they compete with the server itself for every core.
   */
  threads?: number;
  /** Sampling temperature when a request names none (llama.cpp's own default is greedy). */
  defaultTemperature?: number;
  /** The `model_unavailable` message while the file is missing (e.g. "still downloading, 40%"). */
  describeMissing?: () => string;
  /** Injectable for tests/benches; defaults to the shared CPU binding. */
  loadLlama?: () => Promise<Llama>;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  pool: LeasePool<LlamaContextSequence>;
}

export type EmbeddedState = 'missing' | 'idle' | 'loading' | 'ready' | 'failed';

function toHistory(request: ChatRequest): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = request.messages.map((message): ChatHistoryItem => {
    // GGUF chat templates have no speaker names: a named message carries its name in its text.
    if (message.role === 'system') return { type: 'system', text: inlineName(message) };
    if (message.role === 'assistant') return { type: 'model', response: [message.content] };
    return { type: 'user', text: inlineName(message) };
  });
  // The model continues the last model turn: an empty one asks for a fresh reply, a non-empty one
  // is a prefill that the reply continues.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

function mapStopReason(result: LlamaChatResponse): FinishReason {
  switch (result.metadata.stopReason) {
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'abort';
    case 'functionCalls':
      return 'other';
    default:
      return 'stop';
  }
}

/**
 * A GGUF model run in-process with node-llama-cpp: loaded once (lazily, on first use), shared by all
 * chats through a context with N sequences; the chat template comes from the GGUF itself.
 */
/** What llama.cpp's sampler offers through node-llama-cpp (tools and OpenAI-style calls are not wired). */
const EMBEDDED_PARAMETERS: ReadonlySet<ChatParameter> = new Set([
  'temperature',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'logitBias',
  'stop',
  'jsonSchema',
  'jsonObject',
]);

/** OpenAI's logit_bias (token id → -100…100 added to the logit; -100 bans) as a node-llama-cpp bias. */
function tokenBiasOf(
  model: LlamaModel,
  logitBias: Record<string, number> | undefined,
): TokenBias | undefined {
  const entries = Object.entries(logitBias ?? {});
  if (entries.length === 0) return undefined;
  const bias = new TokenBias(model.tokenizer);
  for (const [token, value] of entries) {
    bias.set(Number(token) as Token, value <= -100 ? 'never' : { logit: value });
  }
  return bias;
}

export class EmbeddedModel implements LanguageModel {
  readonly id: string;
  readonly parameters = EMBEDDED_PARAMETERS;
  private loading: Promise<Loaded> | undefined;
  private loaded: Loaded | undefined;
  private lastError: string | undefined;
  private readonly grammars = new Map<string, Promise<LlamaGrammar | undefined>>();

  constructor(private readonly options: EmbeddedModelOptions) {
    this.id = options.id ?? `embedded:${path.basename(options.modelPath, '.gguf')}`;
  }

  get contextSize(): number {
    return this.loaded?.context.contextSize ?? this.options.contextSize ?? 4096;
  }

  get state(): EmbeddedState {
    if (this.loaded) return 'ready';
    if (this.loading) return 'loading';
    if (this.lastError) return 'failed';
    return fs.existsSync(this.options.modelPath) ? 'idle' : 'missing';
  }

  get error(): string | undefined {
    return this.lastError;
  }

  /** Exact token count once loaded; a character estimate before (budgets stay conservative). */
  readonly countTokens: TokenCounter = (text) =>
    this.loaded ? this.loaded.model.tokenize(text).length : estimateTokens(text);

  /** Loads the model (once); concurrent callers share the same promise. */
  load(): Promise<Loaded> {
    if (this.loaded) return Promise.resolve(this.loaded);
    if (!fs.existsSync(this.options.modelPath)) {
      return Promise.reject(
        new ProviderError(
          'model_unavailable',
          this.options.describeMissing?.() ?? `The model file ${this.options.modelPath} does not exist.`,
        ),
      );
    }
    this.loading ??= this.open().then(
      (loaded) => {
        this.loaded = loaded;
        this.loading = undefined;
        this.lastError = undefined;
        return loaded;
      },
      (error: unknown) => {
        this.loading = undefined;
        this.lastError = error instanceof Error ? error.message : String(error);
        throw new ProviderError('model_failed', `The local model could not be loaded: ${this.lastError}`, {
          cause: error,
        });
      },
    );
    return this.loading;
  }

  private async open(): Promise<Loaded> {
    const llama = await (this.options.loadLlama ?? loadCpuLlama)();
    const model = await llama.loadModel({ modelPath: this.options.modelPath });
    const parallel = this.options.parallelSequences ?? 2;
    const context = await model.createContext({
      sequences: parallel,
      contextSize: Math.min(this.options.contextSize ?? 4096, model.trainContextSize),
      threads: this.options.threads ?? Math.max(1, llama.cpuMathCores - 1),
    });
    const sequences = Array.from({ length: parallel }, () => context.getSequence());
    return { llama, model, context, pool: new LeasePool(sequences, this.options.maxQueued ?? 16) };
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
    if (signal.aborted) {
      yield { type: 'finish', finishReason: 'abort' };
      return;
    }
    const loaded = await this.load();
    let lease: Awaited<ReturnType<typeof loaded.pool.acquire>>;
    try {
      lease = await loaded.pool.acquire(signal);
    } catch (error) {
      if (signal.aborted) {
        yield { type: 'finish', finishReason: 'abort' };
        return;
      }
      throw error;
    }
    // Our own controller: the caller's abort and the consumer leaving early both stop generation.
    const stop = new AbortController();
    const forwardAbort = () => stop.abort(signal.reason);
    signal.addEventListener('abort', forwardAbort, { once: true });
    const chat = new LlamaChat({ contextSequence: lease.item });
    const channel = new ChunkChannel<ChatChunk>();
    let outputTokens = 0;
    let started = false;
    const meterBefore = lease.item.tokenMeter.getState();
    const grammar = request.jsonSchema
      ? await this.grammarFor(loaded.llama, request.jsonSchema.schema)
      : request.jsonObject
        ? await loaded.llama.getGrammarFor('json')
        : undefined;
    const penalties =
      request.presencePenalty !== undefined || request.frequencyPenalty !== undefined
        ? { presencePenalty: request.presencePenalty, frequencyPenalty: request.frequencyPenalty }
        : undefined;
    const generation = chat
      .generateResponse(toHistory(request), {
        onTextChunk: (text) => {
          if (text === '') return;
          started = true;
          channel.push({ type: 'text-delta', text });
        },
        onToken: (tokens) => {
          outputTokens += tokens.length;
        },
        signal: stop.signal,
        stopOnAbortSignal: true,
        maxTokens: request.maxTokens,
        temperature: request.temperature ?? this.options.defaultTemperature ?? 0.8,
        topP: request.topP,
        topK: request.topK,
        seed: request.seed,
        repeatPenalty: penalties,
        tokenBias: tokenBiasOf(loaded.model, request.logitBias),
        customStopTriggers: request.stop && request.stop.length > 0 ? request.stop : undefined,
        grammar,
      })
      .then(
        (result) => {
          const usage = lease.item.tokenMeter.diff(meterBefore);
          channel.push({
            type: 'finish',
            finishReason: signal.aborted ? 'abort' : mapStopReason(result),
            rawFinishReason: result.metadata.stopReason,
            usage: { inputTokens: usage.usedInputTokens, outputTokens },
          });
          channel.close();
        },
        (error: unknown) => channel.fail(error),
      );
    try {
      for await (const chunk of channel) yield chunk;
    } catch (error) {
      if (signal.aborted) {
        yield { type: 'finish', finishReason: 'abort' };
        return;
      }
      const failure = isProviderError(error)
        ? error
        : new ProviderError(
            'model_failed',
            `The local model failed: ${error instanceof Error ? error.message : String(error)}`,
            {
              cause: error,
            },
          );
      if (!started) throw failure;
      yield { type: 'error', error: failure.toFailure() };
    } finally {
      stop.abort();
      signal.removeEventListener('abort', forwardAbort);
      await generation;
      chat.dispose({ disposeSequence: false });
      lease.release();
    }
  }

  /** Structured output as a grammar; schemas the GBNF converter cannot express run unconstrained. */
  private grammarFor(llama: Llama, schema: Record<string, unknown>): Promise<LlamaGrammar | undefined> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(schema as never).catch(() => undefined);
      if (this.grammars.size >= 32) this.grammars.clear();
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  /** Frees the context and the model (the llama binding stays for other models of the process). */
  async close(): Promise<void> {
    const loaded = this.loaded ?? (await this.loading?.catch(() => undefined));
    this.loaded = undefined;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }
}
