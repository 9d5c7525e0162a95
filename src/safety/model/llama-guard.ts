import { EmbeddedModel, type LanguageModel, OpenAICompatibleModel } from '../../providers/index.js';
import type { FetchLike, ModelClassifier } from './classifier.js';
import { type GuardFamily, createGuardModel, parseLlamaGuard3Verdict } from './guard-model.js';

/**
 * The configured guard model as a cascade classifier. Both variants are `LanguageModel`s from
 * `providers/` (no HTTP client of our own): any OpenAI-compatible server (vLLM, llama.cpp server,
 * Ollama…) at `baseUrl`, or a local guard GGUF loaded in process by node-llama-cpp.
 */
export interface GuardConfig {
  family: GuardFamily;
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  /** A local GGUF (opt-in embedded guard); used when no `baseUrl` is set. */
  ggufPath?: string;
  fetch?: FetchLike;
}

export function guardLanguageModel(config: GuardConfig): LanguageModel {
  if (config.baseUrl)
    return new OpenAICompatibleModel({
      baseUrl: config.baseUrl,
      model: config.model ?? 'llama-guard3',
      apiKey: config.apiKey,
      fetch: config.fetch,
      // A guard answer is needed within the cascade's budget: no retries behind its back.
      retry: { maxAttempts: 1 },
    });
  if (config.ggufPath)
    return new EmbeddedModel({ modelPath: config.ggufPath, contextSize: 2048, id: 'guard' });
  throw new Error('a guard model needs a base URL or a GGUF path');
}

/** Kept for callers of the old name: a Llama Guard 3 (or Qwen3Guard) classifier over a server. */
export function createLlamaGuard(options: {
  baseUrl: string;
  model: string;
  apiKey?: string;
  fetch?: FetchLike;
  family?: GuardFamily;
}): ModelClassifier {
  const family = options.family ?? 'llama_guard_3';
  return createGuardModel({ model: guardLanguageModel({ ...options, family }), family });
}

export const parseLlamaGuardVerdict = parseLlamaGuard3Verdict;
