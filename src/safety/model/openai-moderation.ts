import { z } from 'zod';
import { type Category, type CategoryHit, FLAG_THRESHOLD, OPENAI_CATEGORY_MAP } from '../taxonomy.js';
import {
  type ClassifierInput,
  ClassifierError,
  type FetchLike,
  type ModelClassifier,
  postJson,
} from './classifier.js';

/** The OpenAI moderation endpoint (`POST /v1/moderations`), or any server speaking its shape. */
export interface OpenAiModerationOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  fetch?: FetchLike;
}

const moderationSchema = z.object({
  results: z
    .array(
      z.object({
        flagged: z.boolean(),
        categories: z.record(z.string(), z.boolean().nullable()),
        category_scores: z.record(z.string(), z.number().nullable()).optional(),
      }),
    )
    .min(1),
});

export function createOpenAiModeration(options: OpenAiModerationOptions): ModelClassifier {
  const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  const url = `${options.baseUrl.replace(/\/$/, '')}/moderations`;
  return {
    name: 'openai',
    async classify(input: ClassifierInput, signal: AbortSignal): Promise<CategoryHit[]> {
      const body = await postJson(
        fetchImpl,
        'openai',
        url,
        { model: options.model, input: input.text },
        options.apiKey,
        signal,
      );
      const parsed = moderationSchema.safeParse(body);
      if (!parsed.success) throw new ClassifierError('openai', 'unexpected response shape');
      return mapModerationResult(parsed.data.results[0]);
    },
  };
}

/** Flagged categories score at least 0.7; unflagged ones stay below the flag threshold. */
export function mapModerationResult(
  result: z.infer<typeof moderationSchema>['results'][number],
): CategoryHit[] {
  const scores = new Map<Category, number>();
  for (const [name, flagged] of Object.entries(result.categories)) {
    const category = OPENAI_CATEGORY_MAP[name];
    if (!category) continue;
    const raw = result.category_scores?.[name] ?? (flagged ? 1 : 0);
    const score = flagged ? Math.max(0.7, raw) : Math.min(raw, FLAG_THRESHOLD - 0.01);
    scores.set(category, Math.max(scores.get(category) ?? 0, score));
  }
  return [...scores]
    .filter(([, score]) => score > 0.05)
    .map(([category, score]) => ({
      category,
      score: Math.round(score * 1000) / 1000,
      evidence: [{ rule: 'openai_moderation', start: 0, end: 0, text: '' }],
      source: 'openai' as const,
    }));
}
