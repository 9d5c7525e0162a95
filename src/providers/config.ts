import path from 'node:path';
import { z } from 'zod';

/**
 * The model options (`HEARTH_*`), merged into the app config by `src/config.ts`. Pure: no disk, no
 * network. Model references (`HEARTH_DEFAULT_MODEL`, `HEARTH_PREMIUM_MODEL`, `HEARTH_FALLBACK_MODEL`,
 * a character's model override) use one syntax, see `parseModelRef`.
 */
const positive = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const modelRefPattern = /^(embedded|default|(openai|anthropic):.+|gguf:.+\.gguf)$/;
const modelRef = z
  .string()
  .regex(modelRefPattern, 'must be embedded, openai:<model>, anthropic:<model> or gguf:<path>.gguf');

export const modelsConfigShape = {
  HEARTH_MODEL: z
    .string()
    .regex(/\.gguf$/i, 'must be a path to a .gguf file')
    .optional(),
  HEARTH_MODEL_URL: z.url().optional(),
  HEARTH_MODEL_SHA256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
    .optional(),
  HEARTH_MODEL_DOWNLOAD: flag.default(true),
  HEARTH_CONTEXT_SIZE: positive.default(4096),
  HEARTH_PARALLEL_SEQUENCES: z.coerce.number().int().min(1).max(64).default(2),
  HEARTH_MODEL_QUEUE: z.coerce.number().int().min(0).default(16),
  HEARTH_LLM_CONCURRENCY: z.coerce.number().int().positive().default(8),
  HEARTH_LLM_QUEUE: z.coerce.number().int().min(0).default(32),
  HEARTH_MODEL_THREADS: z.coerce.number().int().min(1).optional(),
  HEARTH_EMBEDDING_MODEL: z
    .string()
    .regex(/\.gguf$/i, 'must be a path to a .gguf file')
    .optional(),
  HEARTH_LLM_BASE_URL: z.url().optional(),
  HEARTH_LLM_API_KEY: z.string().min(1).optional(),
  HEARTH_LLM_MODEL: z.string().min(1).default('default'),
  HEARTH_LLM_HOST: z
    .enum(['auto', 'openai', 'ollama', 'vllm', 'lmstudio', 'llamacpp', 'openrouter', 'generic'])
    .default('auto'),
  HEARTH_LLM_EMBEDDING_MODEL: z.string().min(1).optional(),
  HEARTH_LLM_TIMEOUT_MS: positive.default(60_000),
  HEARTH_LLM_IDLE_TIMEOUT_MS: positive.default(30_000),
  HEARTH_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  HEARTH_ANTHROPIC_API_KEY: z.string().min(1).optional(),
  HEARTH_ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-4-5'),
  HEARTH_ANTHROPIC_BASE_URL: z.url().optional(),
  HEARTH_DEFAULT_MODEL: modelRef.optional(),
  HEARTH_PREMIUM_MODEL: modelRef.optional(),
  HEARTH_FALLBACK_MODEL: modelRef.optional(),
  HEARTH_CHARACTER_MODELS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(modelRef.refine((ref) => !ref.startsWith('gguf:'), 'gguf: refs cannot be character models')),
    )
    .optional(),
};

export interface ModelsConfig {
  /** The embedded GGUF: HEARTH_MODEL, or the default model's file in `<data>/models/`. */
  readonly modelPath: string;
  /** True when HEARTH_MODEL named the file (never downloaded). */
  readonly modelPathIsExplicit: boolean;
  /** Where the default GGUF comes from when it is missing (undefined: the pinned default). */
  readonly download: { readonly enabled: boolean; readonly url?: string; readonly sha256?: string };
  readonly contextSize: number;
  readonly parallelSequences: number;
  readonly maxQueued: number;
  /** Remote-provider calls (OpenAI-compatible, Anthropic) streaming at once, process-wide. */
  readonly remoteConcurrency: number;
  /** Remote calls that may wait for a slot before `model_busy`. */
  readonly remoteQueue: number;
  readonly threads?: number;
  readonly embeddingModelPath?: string;
  readonly remote?: {
    readonly baseUrl: string;
    readonly apiKey?: string;
    readonly model: string;
    readonly host: string;
    readonly embeddingModel?: string;
  };
  readonly anthropic?: { readonly apiKey: string; readonly model: string; readonly baseUrl?: string };
  readonly timeouts: { readonly firstByteMs: number; readonly idleMs: number };
  readonly maxRetries: number;
  /** Model refs; `default` is derived when HEARTH_DEFAULT_MODEL is unset. */
  readonly defaultModel: string;
  readonly premiumModel?: string;
  readonly fallbackModel?: string;
  /** Extra refs a character's creator may pick (the default, premium and fallback refs always may). */
  readonly characterModels: readonly string[];
}

type ModelsValues = z.output<z.ZodObject<typeof modelsConfigShape>>;

/** The file name the pinned default model is stored under in `<data>/models/`. */
export const DEFAULT_MODEL_FILE = 'qwen2.5-1.5b-instruct-q4_k_m.gguf';

export function modelsConfigFrom(values: ModelsValues, dataDir: string): ModelsConfig {
  const remote = values.HEARTH_LLM_BASE_URL
    ? {
        baseUrl: values.HEARTH_LLM_BASE_URL,
        apiKey: values.HEARTH_LLM_API_KEY,
        model: values.HEARTH_LLM_MODEL,
        host: values.HEARTH_LLM_HOST,
        embeddingModel: values.HEARTH_LLM_EMBEDDING_MODEL,
      }
    : undefined;
  const anthropic = values.HEARTH_ANTHROPIC_API_KEY
    ? {
        apiKey: values.HEARTH_ANTHROPIC_API_KEY,
        model: values.HEARTH_ANTHROPIC_MODEL,
        baseUrl: values.HEARTH_ANTHROPIC_BASE_URL,
      }
    : undefined;
  // An explicit local file or server wins; Anthropic alone avoids a pointless first-run download.
  const derivedDefault = remote
    ? `openai:${remote.model}`
    : anthropic && !values.HEARTH_MODEL
      ? `anthropic:${anthropic.model}`
      : 'embedded';
  return {
    modelPath: path.resolve(values.HEARTH_MODEL ?? path.join(dataDir, 'models', DEFAULT_MODEL_FILE)),
    modelPathIsExplicit: values.HEARTH_MODEL !== undefined,
    download: {
      enabled: values.HEARTH_MODEL_DOWNLOAD,
      url: values.HEARTH_MODEL_URL,
      sha256: values.HEARTH_MODEL_SHA256?.toLowerCase(),
    },
    contextSize: values.HEARTH_CONTEXT_SIZE,
    parallelSequences: values.HEARTH_PARALLEL_SEQUENCES,
    maxQueued: values.HEARTH_MODEL_QUEUE,
    remoteConcurrency: values.HEARTH_LLM_CONCURRENCY,
    remoteQueue: values.HEARTH_LLM_QUEUE,
    threads: values.HEARTH_MODEL_THREADS,
    embeddingModelPath: values.HEARTH_EMBEDDING_MODEL
      ? path.resolve(values.HEARTH_EMBEDDING_MODEL)
      : undefined,
    remote,
    anthropic,
    timeouts: { firstByteMs: values.HEARTH_LLM_TIMEOUT_MS, idleMs: values.HEARTH_LLM_IDLE_TIMEOUT_MS },
    maxRetries: values.HEARTH_LLM_MAX_RETRIES,
    defaultModel: values.HEARTH_DEFAULT_MODEL ?? derivedDefault,
    premiumModel: values.HEARTH_PREMIUM_MODEL,
    fallbackModel: values.HEARTH_FALLBACK_MODEL,
    characterModels: values.HEARTH_CHARACTER_MODELS ?? [],
  };
}
