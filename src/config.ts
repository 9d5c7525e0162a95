import path from 'node:path';
import { z } from 'zod';
import { type BillingConfig, billingConfigFrom, billingConfigShape } from './billing/config.js';
import { type HttpConfig, httpConfigFrom, httpConfigShape } from './http/config.js';
import { type ModelsConfig, modelsConfigFrom, modelsConfigShape } from './providers/config.js';
import { type SafetyConfig, safetyConfigFrom, safetyConfigShape } from './safety/config.js';

/**
 * Every option Hearth reads. `loadConfig(env)` is pure: it reads only the object it is given and
 * never touches the disk (first-run work such as creating the secret happens in `serve`).
 * Each option is documented in README.md; a test fails when one is missing there.
 */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

export const configSchema = z.object({
  HEARTH_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HEARTH_HOST: z.string().min(1).default('127.0.0.1'),
  HEARTH_DATA_DIR: z.string().min(1).default('./data'),
  HEARTH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEARTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  HEARTH_PUBLIC_URL: z.url().optional(),
  HEARTH_BODY_LIMIT: positiveInt.default(1_048_576),
  HEARTH_UPLOAD_LIMIT: positiveInt.default(20 * 1_048_576),
  HEARTH_CARD_EXTENSIONS_LIMIT: positiveInt.default(1_048_576),
  HEARTH_SESSION_TTL_HOURS: positiveInt.default(24 * 30),
  HEARTH_RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  HEARTH_LOGIN_ATTEMPTS: positiveInt.default(5),
  HEARTH_CORS_ORIGINS: z.string().optional(),
  // Roleplay messages run long; 32,000 characters is about 8,000 tokens (issue 22).
  HEARTH_MAX_MESSAGE_CHARS: positiveInt.default(32_000),
  HEARTH_MAX_REPLY_TOKENS: positiveInt.default(400),
  HEARTH_MAX_COMPLETION_TOKENS: positiveInt.default(4096),
  HEARTH_MEMORY_BUDGET_TOKENS: positiveInt.default(1500),
  HEARTH_MEMORY_SUMMARY_EVERY: positiveInt.default(20),
  HEARTH_MEMORY_JOB_CONCURRENCY: positiveInt.default(2),
  ...httpConfigShape,
  ...billingConfigShape,
  ...modelsConfigShape,
  ...safetyConfigShape,
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave unset for the embedded SQLite)')
    .optional(),
});

export type ConfigEnv = z.input<typeof configSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly secret?: string;
  /** The origin browsers use to reach Hearth; CSRF checks compare `Origin` against it. */
  readonly publicUrl?: string;
  /** Fastify's `trustProxy`: off, a hop count, or proxy addresses (HEARTH_TRUST_PROXY). */
  readonly trustProxy: HttpConfig['trustProxy'];
  readonly bodyLimit: number;
  readonly uploadLimit: number;
  /** Bytes of extension and unknown-field JSON one imported card may carry (issue 13 item 7). */
  readonly cardExtensionsLimit: number;
  readonly sessionTtlHours: number;
  readonly rateLimitPerMinute: number;
  readonly loginAttempts: number;
  readonly corsOrigins: readonly string[];
  /** Longest chat message a user may send, in characters. */
  readonly maxMessageChars: number;
  readonly maxReplyTokens: number;
  /** The most reply tokens a `/v1` request may ask for (`max_tokens` above it is clamped). */
  readonly maxCompletionTokens: number;
  readonly memoryBudgetTokens: number;
  /** Rolling memory summary every N stored turns of a chat. */
  readonly memorySummaryEvery: number;
  /** Memory extraction jobs running at once. */
  readonly memoryJobConcurrency: number;
  readonly databaseUrl?: string;
  /** Proxies, request timeouts, per-user turn cap (src/http/config.ts). */
  readonly http: HttpConfig;
  /** Prices, tiers, payments and creator shares (src/billing/config.ts). */
  readonly billing: BillingConfig;
  /** Language and embedding models: embedded GGUF, remote servers, routing (src/providers/config.ts). */
  readonly models: ModelsConfig;
  /** Moderation cascade, strikes and crisis resources (src/safety/config.ts). */
  readonly safety: SafetyConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key in configSchema.shape && value !== undefined && value !== '',
    ),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'config')}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  return Object.freeze({
    port: values.HEARTH_PORT,
    host: values.HEARTH_HOST,
    dataDir: path.resolve(values.HEARTH_DATA_DIR),
    logLevel: values.HEARTH_LOG_LEVEL,
    secret: values.HEARTH_SECRET,
    publicUrl: values.HEARTH_PUBLIC_URL?.replace(/\/$/, ''),
    trustProxy: values.HEARTH_TRUST_PROXY,
    bodyLimit: values.HEARTH_BODY_LIMIT,
    uploadLimit: values.HEARTH_UPLOAD_LIMIT,
    cardExtensionsLimit: values.HEARTH_CARD_EXTENSIONS_LIMIT,
    sessionTtlHours: values.HEARTH_SESSION_TTL_HOURS,
    rateLimitPerMinute: values.HEARTH_RATE_LIMIT_PER_MINUTE,
    loginAttempts: values.HEARTH_LOGIN_ATTEMPTS,
    corsOrigins: (values.HEARTH_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    databaseUrl: values.DATABASE_URL,
    maxMessageChars: values.HEARTH_MAX_MESSAGE_CHARS,
    maxReplyTokens: values.HEARTH_MAX_REPLY_TOKENS,
    maxCompletionTokens: values.HEARTH_MAX_COMPLETION_TOKENS,
    memoryBudgetTokens: values.HEARTH_MEMORY_BUDGET_TOKENS,
    memorySummaryEvery: values.HEARTH_MEMORY_SUMMARY_EVERY,
    memoryJobConcurrency: values.HEARTH_MEMORY_JOB_CONCURRENCY,
    http: httpConfigFrom(values),
    billing: billingConfigFrom(values),
    models: modelsConfigFrom(values, path.resolve(values.HEARTH_DATA_DIR)),
    safety: safetyConfigFrom(values),
  });
}
