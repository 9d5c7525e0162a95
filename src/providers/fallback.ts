import { commonParameters } from './parameters.js';
import type { ChatChunk, ChatRequest, LanguageModel, TokenCounter } from './spec.js';

/** A model that may count tokens exactly (the embedded one); others are estimated. */
export interface CountingModel extends LanguageModel {
  readonly countTokens?: TokenCounter;
}

/**
 * Streams from `primary`; when it fails before producing any chunk (the adapters throw only then),
 * streams the same request from `fallback` instead. Failures after the first token stay with the
 * primary's `error` chunk: the user has already seen its text.
 */
export function withFallback(
  primary: CountingModel,
  fallback: LanguageModel,
  onFallback?: (error: unknown) => void,
): CountingModel {
  return {
    id: primary.id,
    get contextSize() {
      return primary.contextSize;
    },
    countTokens: primary.countTokens,
    // A request may land on either model, so only what both honour is promised.
    parameters: commonParameters(primary, fallback),
    async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
      let produced = false;
      try {
        for await (const chunk of primary.stream(request, signal)) {
          produced = true;
          yield chunk;
        }
        return;
      } catch (error) {
        if (produced || signal.aborted) throw error;
        onFallback?.(error);
      }
      yield* fallback.stream(request, signal);
    },
  };
}
