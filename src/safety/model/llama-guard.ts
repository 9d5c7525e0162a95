import { z } from 'zod';
import { type Category, type CategoryHit, LLAMA_GUARD_CODES } from '../taxonomy.js';
import {
  type ClassifierInput,
  ClassifierError,
  type FetchLike,
  type ModelClassifier,
  postJson,
} from './classifier.js';

/**
 * A Llama Guard–class model behind any OpenAI-compatible server (vLLM, llama.cpp server, Ollama…).
 * The server applies the model's own chat template; we send the conversation and read the verdict:
 * `safe`, or `unsafe` followed by a line of hazard codes (`S1,S10`).
 */
export interface LlamaGuardOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  fetch?: FetchLike;
}

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

export function createLlamaGuard(options: LlamaGuardOptions): ModelClassifier {
  const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  const url = `${options.baseUrl.replace(/\/$/, '')}/chat/completions`;
  return {
    name: 'llama_guard',
    async classify(input: ClassifierInput, signal: AbortSignal): Promise<CategoryHit[]> {
      const messages =
        input.direction === 'output'
          ? [
              { role: 'user', content: input.previousUserText ?? '' },
              { role: 'assistant', content: input.text },
            ]
          : [{ role: 'user', content: input.text }];
      const body = await postJson(
        fetchImpl,
        'llama_guard',
        url,
        { model: options.model, messages, temperature: 0, max_tokens: 20 },
        options.apiKey,
        signal,
      );
      const parsed = completionSchema.safeParse(body);
      if (!parsed.success) throw new ClassifierError('llama_guard', 'unexpected response shape');
      return parseLlamaGuardVerdict(parsed.data.choices[0].message.content ?? '');
    },
  };
}

/** `safe` → no hits; `unsafe\nS1,S10` → one hit per known code. Anything else is an error. */
export function parseLlamaGuardVerdict(content: string): CategoryHit[] {
  const [verdict, codesLine = ''] = content.trim().split(/\s*\n\s*/);
  const word = verdict.trim().toLowerCase();
  if (word === 'safe') return [];
  if (word !== 'unsafe') throw new ClassifierError('llama_guard', 'verdict is neither safe nor unsafe');
  const categories = new Set<Category>();
  for (const code of codesLine.split(/[\s,]+/)) {
    const category = LLAMA_GUARD_CODES[code.trim().toUpperCase()];
    if (category) categories.add(category);
  }
  // "unsafe" without a code we know is still unsafe: file it under the broadest crime category.
  if (categories.size === 0) categories.add('non_violent_crimes');
  return [...categories].map((category) => ({
    category,
    score: 0.9,
    evidence: [{ rule: 'llama_guard', start: 0, end: 0, text: codesLine.trim() }],
    source: 'llama_guard' as const,
  }));
}
