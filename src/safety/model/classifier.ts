import type { CategoryHit } from '../taxonomy.js';

/** A remote classifier in the cascade (Llama Guard–class model, OpenAI moderation). */
export interface ModelClassifier {
  readonly name: 'llama_guard' | 'openai' | 'guard';
  classify(input: ClassifierInput, signal: AbortSignal): Promise<CategoryHit[]>;
}

export interface ClassifierInput {
  text: string;
  direction: 'input' | 'output';
  /** For output checks: the user message the reply answers (Llama Guard judges the exchange). */
  previousUserText?: string;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export class ClassifierError extends Error {
  constructor(
    readonly classifier: string,
    message: string,
  ) {
    super(`${classifier}: ${message}`);
    this.name = 'ClassifierError';
  }
}

export async function postJson(
  fetchImpl: FetchLike,
  classifier: string,
  url: string,
  body: unknown,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<unknown> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw new ClassifierError(classifier, `HTTP ${response.status}`);
  return response.json();
}
