import type { ChatRequest, EmbeddingModel, LanguageModel } from '../../src/providers/spec.js';

/**
 * Test-only embedder: bag of lower-cased words folded into 64 buckets. Not semantic — it exists so
 * route and pipeline tests do not build the real GloVe file; the real embedder has its own tests.
 */
export function fakeEmbedder(): EmbeddingModel & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    id: 'fake-bag-of-words',
    dimensions: 64,
    calls,
    async embed(texts) {
      calls.push(texts);
      return texts.map((text) => {
        const vector = new Float32Array(64);
        for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
          let hash = 0;
          for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
          vector[hash % 64] += 1;
        }
        return vector;
      });
    },
  };
}

/** Test-only language model: replies with scripted texts in order and records every request. */
export function fakeLanguageModel(script: (string | ((request: ChatRequest) => string))[]): LanguageModel & {
  requests: ChatRequest[];
} {
  const requests: ChatRequest[] = [];
  let next = 0;
  return {
    id: 'fake-scripted',
    requests,
    async *stream(request) {
      requests.push(request);
      const step = script[Math.min(next, script.length - 1)];
      next += 1;
      const text = typeof step === 'function' ? step(request) : step;
      // Deliver in pieces, like a real stream.
      for (let index = 0; index < text.length; index += 7) {
        yield { type: 'text-delta', text: text.slice(index, index + 7) };
      }
      yield { type: 'finish', finishReason: 'stop' };
    },
  };
}

export function factsJson(facts: Record<string, unknown>[]): string {
  return JSON.stringify({ facts });
}
