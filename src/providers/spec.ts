/**
 * The provider contract (DESIGN §3). Types only: adapters receive a `ChatRequest` and an AbortSignal,
 * never a character, user, chat row, config or database.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** Ask for JSON matching this schema (structured output); adapters map it to their wire form. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'abort' | 'error' | 'other';

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
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason?: string; usage?: Usage }
  /** A failure after the first token; failures before it are thrown as `ProviderError`. */
  | { type: 'error'; error: ProviderFailure };

export interface LanguageModel {
  readonly id: string;
  /** Context window in tokens, when known; prompt assembly budgets against it. */
  readonly contextSize?: number;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk>;
}

export interface EmbeddingModel {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Counts tokens of a text for budgeting; exact for the embedded model, an estimate for remote ones. */
export type TokenCounter = (text: string) => number;
