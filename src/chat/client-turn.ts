import { BadRequest } from '../errors.js';
import type { InputToModerate } from './input-moderation.js';
import type { TurnPlan } from './plan-turn.js';
import {
  type ChatMessage,
  type ChatParameter,
  type ChatRequest,
  type LanguageModel,
  type TokenCounter,
  unsupportedParameters,
} from '../providers/index.js';

/**
 * What a `/v1` request brings to a turn beyond the new text (issue 22). Hearth's own routes pass none
 * of it; the pipeline stays the same either way (authorize, credits, moderation, guard, ledger).
 */
export interface ClientTurnOptions {
  /** `client` prompt mode: these messages are the prompt, as sent; Hearth builds none. */
  prompt?: ChatMessage[];
  /** Sampler fields, limits, `tools`, `response_format` from the request (already clamped). */
  sampling?: Omit<ChatRequest, 'messages'>;
  /** Every user text new to the chat: what input moderation checks instead of the stored new text. */
  moderationText?: string | null;
  /** An assistant prefill after Hearth's prompt (`hearth` mode): the reply continues it. */
  prefill?: string;
  /** A quiet prompt (summary, impersonation…): answered, never stored as a turn, priced as utility. */
  quiet?: boolean;
  /** Whether the exchange feeds memory extraction (`client` mode: the key's opt-in). */
  memory?: boolean;
}

/** How the OpenAI wire names each optional field: errors name what the client sent. */
export const WIRE_NAMES: Record<ChatParameter, string> = {
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  seed: 'seed',
  logitBias: 'logit_bias',
  stop: 'stop',
  jsonSchema: 'response_format',
  jsonObject: 'response_format',
  tools: 'tools',
};

/**
 * Refuses, before anything is reserved or streamed, a request the model cannot serve as asked: a field
 * it would silently drop (400 `unsupported_parameter` naming it) or a client prompt longer than its
 * context (400 `context_length_exceeded`, OpenAI's code).
 */
export function assertServable(
  model: LanguageModel,
  request: ChatRequest,
  options: { countTokens: TokenCounter; clientPrompt: boolean },
): void {
  const unsupported = [...new Set(unsupportedParameters(request, model).map((field) => WIRE_NAMES[field]))];
  if (unsupported.length > 0) {
    throw new BadRequest(
      'unsupported_parameter',
      `This character's model (${model.id}) does not support ${unsupported.join(', ')}; leave ${
        unsupported.length === 1 ? 'it' : 'them'
      } out of the request.`,
      { parameters: unsupported },
    );
  }
  if (!options.clientPrompt || model.contextSize === undefined) return;
  const promptTokens = request.messages.reduce(
    // A few tokens per message for the chat template's role markers.
    (total, message) => total + options.countTokens(message.content) + 4,
    0,
  );
  const replyTokens = request.maxTokens ?? 0;
  if (promptTokens + replyTokens > model.contextSize) {
    throw new BadRequest(
      'context_length_exceeded',
      `The messages (about ${promptTokens} tokens) and max_tokens (${replyTokens}) exceed this model's context of ${model.contextSize} tokens.`,
    );
  }
}

/**
 * What input moderation checks on a `/v1` client-mode turn: the user texts new to the chat (they all
 * reach the model) together with a stored user message whose current text was never checked.
 */
export function withClientTexts(
  planned: InputToModerate | null,
  clientTexts: string | null | undefined,
  plan: TurnPlan,
): InputToModerate | null {
  if (clientTexts === undefined || clientTexts === null) return planned;
  if (!planned) return { text: clientTexts, messageId: null, history: plan.history.slice(0, -1) };
  if (!planned.messageId) return { ...planned, text: clientTexts };
  return { ...planned, text: `${planned.text}\n\n${clientTexts}` };
}
