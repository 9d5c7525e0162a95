import { expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import { AnthropicModel, OpenAICompatibleModel } from '../providers/index.js';
import { assertServable } from './client-turn.js';

const countTokens = (text: string) => Math.ceil(text.length / 4);
const messages = [{ role: 'user' as const, content: 'Hi' }];

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

it('issue 22: a sampler field the model cannot honour is refused by its wire name, never dropped', () => {
  const anthropic = new AnthropicModel({ apiKey: 'k', model: 'claude' });
  const error = refusal(() =>
    assertServable(
      anthropic,
      { messages, temperature: 0.5, seed: 3, logitBias: { '42': 5 }, presencePenalty: 0.1 },
      { countTokens, clientPrompt: true },
    ),
  );
  expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter' });
  expect((error.details as { parameters: string[] }).parameters).toEqual([
    'presence_penalty',
    'seed',
    'logit_bias',
  ]);
  // What Anthropic does take passes, and an empty logit_bias asks for nothing.
  assertServable(
    anthropic,
    { messages, temperature: 0.5, topK: 40, stop: ['x'], logitBias: {} },
    { countTokens, clientPrompt: true },
  );
  const openai = new OpenAICompatibleModel({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm' });
  assertServable(
    openai,
    { messages, seed: 3, logitBias: { '42': 5 }, presencePenalty: 0.1, tools: [{ name: 'f' }] },
    { countTokens, clientPrompt: true },
  );
});

it('a client prompt longer than the model context is refused as context_length_exceeded', () => {
  const model = new OpenAICompatibleModel({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', contextSize: 100 });
  const long = [{ role: 'user' as const, content: 'word '.repeat(100) }];
  expect(
    refusal(() => assertServable(model, { messages: long }, { countTokens, clientPrompt: true })),
  ).toMatchObject({
    code: 'context_length_exceeded',
  });
  // Hearth's own prompt is budgeted by prompt assembly instead.
  assertServable(model, { messages: long }, { countTokens, clientPrompt: false });
});
