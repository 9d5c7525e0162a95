import { z } from 'zod';
import { CATEGORIES, type Category, HARD_LINE_CATEGORIES } from './taxonomy.js';

/**
 * The safety options (`HEARTH_SAFETY_*`), merged into the app config by `src/config.ts`.
 * The fast layer is always on; classifiers join the cascade when their URL (or key) is set.
 */
const positive = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const categoryList = z.string().transform((text, context) => {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(CATEGORIES as readonly string[]).includes(name));
  if (unknown.length)
    context.addIssue({ code: 'custom', message: `unknown categories: ${unknown.join(', ')}` });
  return names as Category[];
});

const resourcesMap = z.string().transform((text, context) => {
  try {
    const parsed = z.record(z.string(), z.string().min(1)).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {}
  context.addIssue({ code: 'custom', message: 'must be a JSON object of locale → text' });
  return z.NEVER;
});

export const safetyConfigShape = {
  HEARTH_SAFETY_LLAMA_GUARD_URL: z.url().optional(),
  HEARTH_SAFETY_LLAMA_GUARD_MODEL: z.string().min(1).default('llama-guard3'),
  HEARTH_SAFETY_LLAMA_GUARD_API_KEY: z.string().min(1).optional(),
  HEARTH_SAFETY_GUARD_FAMILY: z.enum(['llama_guard_3', 'qwen3_guard']).default('llama_guard_3'),
  HEARTH_SAFETY_GUARD_GGUF: z.string().min(1).optional(),
  HEARTH_SAFETY_OPENAI_API_KEY: z.string().min(1).optional(),
  HEARTH_SAFETY_OPENAI_URL: z.url().default('https://api.openai.com/v1'),
  HEARTH_SAFETY_OPENAI_MODEL: z.string().min(1).default('omni-moderation-latest'),
  HEARTH_SAFETY_GUARD_BAND: z
    .string()
    .default('0.25,0.85')
    .transform((text, context) => {
      const [low, high] = text.split(',').map((part) => Number(part.trim()));
      if (!(low >= 0 && high > low && high <= 1)) {
        context.addIssue({ code: 'custom', message: 'must be "low,high" with 0 ≤ low < high ≤ 1' });
        return z.NEVER;
      }
      return { low, high };
    }),
  HEARTH_SAFETY_TIMEOUT_MS: positive.default(800),
  HEARTH_SAFETY_HARD_LINE_TIMEOUT_MS: positive.default(3000),
  HEARTH_SAFETY_FAIL_CLOSED: categoryList.optional(),
  HEARTH_SAFETY_MODEL_ON_OUTPUT: flag.default(false),
  HEARTH_SAFETY_STRIKES_SUSPEND: positive.default(3),
  HEARTH_SAFETY_SUSPEND_DAYS: positive.default(7),
  HEARTH_SAFETY_STRIKES_BAN: positive.default(6),
  HEARTH_SAFETY_STRIKE_TTL_DAYS: z.coerce.number().int().min(0).default(90),
  HEARTH_SAFETY_SUSPEND_ON_MINOR: flag.default(true),
  HEARTH_SAFETY_LOCALE: z.string().min(2).default('en'),
  HEARTH_SAFETY_CRISIS_RESOURCES: resourcesMap.optional(),
  HEARTH_SAFETY_APPEAL: z.string().min(1).optional(),
};

const safetyConfigSchema = z.object(safetyConfigShape);
type SafetyValues = z.output<typeof safetyConfigSchema>;

export interface SafetyConfig {
  /** The guard model: an OpenAI-compatible server (`baseUrl`) or a local GGUF (`ggufPath`). */
  readonly llamaGuard?: {
    family: 'llama_guard_3' | 'qwen3_guard';
    baseUrl?: string;
    model: string;
    apiKey?: string;
    ggufPath?: string;
  };
  readonly openAiModeration?: { baseUrl: string; model: string; apiKey: string };
  /** Model classifiers run only while a fast-layer score is in [low, high). */
  readonly guardBand: { low: number; high: number };
  readonly timeoutMs: number;
  readonly hardLineTimeoutMs: number;
  readonly failClosed: readonly Category[];
  readonly modelOnOutput: boolean;
  readonly strikesToSuspend: number;
  readonly suspendDays: number;
  readonly strikesToBan: number;
  readonly strikeTtlDays: number;
  readonly suspendOnMinorSexual: boolean;
  readonly locale: string;
  readonly crisisResources?: Readonly<Record<string, string>>;
  readonly appeal?: string;
}

export function safetyConfigFrom(values: SafetyValues): SafetyConfig {
  return {
    llamaGuard:
      values.HEARTH_SAFETY_LLAMA_GUARD_URL || values.HEARTH_SAFETY_GUARD_GGUF
        ? {
            family: values.HEARTH_SAFETY_GUARD_FAMILY,
            baseUrl: values.HEARTH_SAFETY_LLAMA_GUARD_URL,
            model: values.HEARTH_SAFETY_LLAMA_GUARD_MODEL,
            apiKey: values.HEARTH_SAFETY_LLAMA_GUARD_API_KEY,
            ggufPath: values.HEARTH_SAFETY_GUARD_GGUF,
          }
        : undefined,
    openAiModeration: values.HEARTH_SAFETY_OPENAI_API_KEY
      ? {
          baseUrl: values.HEARTH_SAFETY_OPENAI_URL,
          model: values.HEARTH_SAFETY_OPENAI_MODEL,
          apiKey: values.HEARTH_SAFETY_OPENAI_API_KEY,
        }
      : undefined,
    guardBand: values.HEARTH_SAFETY_GUARD_BAND,
    timeoutMs: values.HEARTH_SAFETY_TIMEOUT_MS,
    hardLineTimeoutMs: values.HEARTH_SAFETY_HARD_LINE_TIMEOUT_MS,
    failClosed: values.HEARTH_SAFETY_FAIL_CLOSED ?? [...HARD_LINE_CATEGORIES],
    modelOnOutput: values.HEARTH_SAFETY_MODEL_ON_OUTPUT,
    strikesToSuspend: values.HEARTH_SAFETY_STRIKES_SUSPEND,
    suspendDays: values.HEARTH_SAFETY_SUSPEND_DAYS,
    strikesToBan: values.HEARTH_SAFETY_STRIKES_BAN,
    strikeTtlDays: values.HEARTH_SAFETY_STRIKE_TTL_DAYS,
    suspendOnMinorSexual: values.HEARTH_SAFETY_SUSPEND_ON_MINOR,
    locale: values.HEARTH_SAFETY_LOCALE,
    crisisResources: values.HEARTH_SAFETY_CRISIS_RESOURCES,
    appeal: values.HEARTH_SAFETY_APPEAL,
  };
}

/** The defaults, for tests and tools that run without an app config. */
export const defaultSafetyConfig: SafetyConfig = safetyConfigFrom(safetyConfigSchema.parse({}));
