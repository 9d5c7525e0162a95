import type { ChatMessage, LanguageModel } from '../../providers/index.js';
import { type Category, type CategoryHit, LLAMA_GUARD_CODES } from '../taxonomy.js';
import { type ClassifierInput, ClassifierError, type ModelClassifier } from './classifier.js';

/**
 * A guard model (Llama Guard 3, Qwen3Guard-Gen) called as a `LanguageModel` through `providers/`:
 * the embedded GGUF adapter or any OpenAI-compatible server, one code path for both. Both families
 * ship a chat template that turns the plain conversation into their task prompt, so we send the
 * exchange as chat messages and parse the family's verdict format.
 */
export type GuardFamily = 'llama_guard_3' | 'qwen3_guard';

export interface GuardModelOptions {
  model: LanguageModel;
  family: GuardFamily;
  /** Verdicts are a few tokens; a long answer means the model is not a guard model. */
  maxTokens?: number;
}

export function createGuardModel(options: GuardModelOptions): ModelClassifier {
  const parse = options.family === 'qwen3_guard' ? parseQwen3GuardVerdict : parseLlamaGuard3Verdict;
  return {
    name: 'guard',
    async classify(input: ClassifierInput, signal: AbortSignal): Promise<CategoryHit[]> {
      let content = '';
      for await (const chunk of options.model.stream(
        { messages: guardMessages(input), maxTokens: options.maxTokens ?? 24, temperature: 0 },
        signal,
      )) {
        if (chunk.type === 'text-delta') content += chunk.text;
        else if (chunk.type === 'error') throw new ClassifierError('guard', chunk.error.message);
      }
      return parse(content);
    },
  };
}

/** Input checks send the user turn; output checks the user turn and the reply (both families judge the last turn). */
export function guardMessages(input: ClassifierInput): ChatMessage[] {
  if (input.direction === 'output')
    return [
      { role: 'user', content: input.previousUserText ?? '' },
      { role: 'assistant', content: input.text },
    ];
  return [{ role: 'user', content: input.text }];
}

const hit = (category: Category, score: number, text: string, rule: string): CategoryHit => ({
  category,
  score,
  evidence: [{ rule, start: 0, end: 0, text }],
  source: 'guard',
});

/** Llama Guard 3: `safe`, or `unsafe` and a line of codes (`S1,S10`). Anything else is an error. */
export function parseLlamaGuard3Verdict(content: string): CategoryHit[] {
  const [verdict = '', codes = ''] = content.trim().split(/\s*\n\s*/);
  const word = verdict.trim().toLowerCase();
  if (word === 'safe') return [];
  if (word !== 'unsafe') throw new ClassifierError('guard', 'Llama Guard verdict is neither safe nor unsafe');
  const categories = new Set<Category>();
  for (const code of codes.split(/[\s,]+/)) {
    const category = LLAMA_GUARD_CODES[code.trim().toUpperCase()];
    if (category) categories.add(category);
  }
  if (categories.size === 0) categories.add('non_violent_crimes');
  return [...categories].map((category) => hit(category, 0.9, codes.trim(), 'guard.llama_guard_3'));
}

/** Qwen3Guard-Gen category names → the taxonomy. */
export const QWEN3_GUARD_CATEGORIES: Record<string, Category> = {
  violent: 'violent_crimes',
  'non-violent illegal acts': 'non_violent_crimes',
  'sexual content or sexual acts': 'sexual_content',
  pii: 'privacy',
  'suicide & self-harm': 'self_harm',
  'unethical acts': 'harassment',
  'politically sensitive topics': 'elections',
  'copyright violation': 'intellectual_property',
  jailbreak: 'prompt_injection',
};

/**
 * Qwen3Guard-Gen: `Safety: Safe|Unsafe|Controversial`, `Categories: A, B` (or `None`), and for
 * responses `Refusal: Yes|No`. Controversial is reported below the flag threshold's "sure" level
 * (0.6) so policy redirects rather than punishes.
 */
export function parseQwen3GuardVerdict(content: string): CategoryHit[] {
  const safety = /Safety:\s*(Safe|Unsafe|Controversial)/i.exec(content)?.[1]?.toLowerCase();
  if (!safety) throw new ClassifierError('guard', 'Qwen3Guard verdict has no "Safety:" line');
  if (safety === 'safe') return [];
  const line = /Categories:\s*([^\n]*)/i.exec(content)?.[1] ?? '';
  const categories = new Set<Category>();
  for (const name of line.split(',')) {
    const category = QWEN3_GUARD_CATEGORIES[name.trim().toLowerCase()];
    if (category) categories.add(category);
  }
  if (categories.size === 0) categories.add('non_violent_crimes');
  const score = safety === 'unsafe' ? 0.9 : 0.6;
  return [...categories].map((category) => hit(category, score, line.trim(), `guard.qwen3_guard.${safety}`));
}
