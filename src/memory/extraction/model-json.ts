import type { z } from 'zod';
import type { ChatRequest, LanguageModel } from '../../providers/spec.js';

/** Upper bound on a structured reply; anything longer is treated as malformed, never parsed. */
export const MAX_JSON_CHARS = 20_000;

export class MalformedOutput extends Error {
  constructor(reason: string) {
    super(`model output rejected: ${reason}`);
    this.name = 'MalformedOutput';
  }
}

/** Collects a streamed reply as text, stopping (malformed) once it grows past `maxChars`. */
export async function collectText(
  model: LanguageModel,
  request: ChatRequest,
  signal: AbortSignal,
  maxChars = MAX_JSON_CHARS,
): Promise<string> {
  let text = '';
  for await (const chunk of model.stream(request, signal)) {
    if (chunk.type === 'text-delta') {
      text += chunk.text;
      if (text.length > maxChars) throw new MalformedOutput(`longer than ${maxChars} characters`);
    } else if (chunk.type === 'error') {
      throw new Error(`model failed: ${chunk.error.code}`);
    }
  }
  return text;
}

/** The first JSON object in a reply (models like to wrap it in prose or code fences). */
export function parseJsonObject(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new MalformedOutput('no JSON object');
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    throw new MalformedOutput('invalid JSON');
  }
}

/** Asks for JSON matching `schema`; one retry on malformed output, then the error propagates. */
export async function askJson<T>(
  model: LanguageModel,
  request: ChatRequest,
  schema: z.ZodType<T>,
  signal: AbortSignal,
  attempts = 2,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      const parsed = schema.safeParse(parseJsonObject(await collectText(model, request, signal)));
      if (!parsed.success) throw new MalformedOutput('wrong shape or types');
      return parsed.data;
    } catch (error) {
      if (!(error instanceof MalformedOutput)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
