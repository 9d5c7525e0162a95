/**
 * The provider contract (DESIGN §3). Types only: adapters receive a `ChatRequest` and an AbortSignal,
 * never a character, user, chat row, config or database.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** The speaker's name (OpenAI `name`), e.g. SillyTavern's `example_user` system messages. */
  name?: string;
  /** On a `tool` message: the id of the call it answers. */
  toolCallId?: string;
  /** On an assistant message: the tool calls it made. */
  toolCalls?: ToolCall[];
}

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model wrote it. */
  arguments: string;
}

/** A function the model may call (OpenAI's `tools[].function`). */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  /** Token id (as a decimal string) → bias, in the model's own vocabulary. */
  logitBias?: Record<string, number>;
  stop?: string[];
  /** Ask for JSON matching this schema (structured output); adapters map it to their wire form. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Ask for any JSON object (OpenAI's `response_format: {type: "json_object"}`). */
  jsonObject?: boolean;
  tools?: ToolDefinition[];
  /** `auto` | `none` | `required`, or one named function. */
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
}

/**
 * The optional `ChatRequest` fields; an adapter lists the ones it honours in `parameters`, so callers
 * can refuse a request naming one it would otherwise silently drop.
 */
export type ChatParameter =
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'seed'
  | 'logitBias'
  | 'stop'
  | 'jsonSchema'
  | 'jsonObject'
  | 'tools';

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'abort' | 'error' | 'other';

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

export interface ProviderFailure {
  /** Stable machine code, e.g. `upstream_rate_limited`, `upstream_unavailable`, `upstream_bad_request`. */
  code: string;
  /** The upstream's own message when it gave one. */
  message: string;
  /** HTTP status from the upstream, when there was one. */
  status?: number;
  /** Whether trying again (or a fallback model) may succeed. */
  retryable: boolean;
}

export type ChatChunk =
  | { type: 'text-delta'; text: string }
  /** A complete tool call, sent once the model finished writing it. */
  | { type: 'tool-call'; call: ToolCall }
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason?: string; usage?: Usage }
  /** A failure after the first token; failures before it are thrown as `ProviderError`. */
  | { type: 'error'; error: ProviderFailure };

export interface LanguageModel {
  readonly id: string;
  /** Context window in tokens, when known; prompt assembly budgets against it. */
  readonly contextSize?: number;
  /**
   * The optional request fields this model honours (`messages` and `maxTokens` always are); absent
   * means the fields the spec started with (parameters.ts). Callers refuse what a model would drop (issue 22).
   */
  readonly parameters?: ReadonlySet<ChatParameter>;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk>;
}

export interface EmbeddingModel {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Counts tokens of a text for budgeting; exact for the embedded model, an estimate for remote ones. */
export type TokenCounter = (text: string) => number;
