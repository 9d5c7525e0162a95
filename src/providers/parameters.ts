import type { ChatParameter, ChatRequest, LanguageModel } from './spec.js';

/** What a model that does not list its `parameters` honours: the fields the spec started with. */
export const CORE_PARAMETERS: ReadonlySet<ChatParameter> = new Set([
  'temperature',
  'topP',
  'stop',
  'jsonSchema',
]);

export function parametersOf(model: LanguageModel): ReadonlySet<ChatParameter> {
  return model.parameters ?? CORE_PARAMETERS;
}

/** The optional fields a request sets (an empty `stop`, `tools` or `logitBias` sets nothing). */
export function parametersUsedBy(request: ChatRequest): ChatParameter[] {
  const used: ChatParameter[] = [];
  if (request.temperature !== undefined) used.push('temperature');
  if (request.topP !== undefined) used.push('topP');
  if (request.topK !== undefined) used.push('topK');
  if (request.presencePenalty !== undefined) used.push('presencePenalty');
  if (request.frequencyPenalty !== undefined) used.push('frequencyPenalty');
  if (request.seed !== undefined) used.push('seed');
  if (request.logitBias && Object.keys(request.logitBias).length > 0) used.push('logitBias');
  if (request.stop && request.stop.length > 0) used.push('stop');
  if (request.jsonSchema) used.push('jsonSchema');
  if (request.jsonObject) used.push('jsonObject');
  const usesTools =
    (request.tools?.length ?? 0) > 0 ||
    request.messages.some((message) => message.role === 'tool' || (message.toolCalls?.length ?? 0) > 0);
  if (usesTools) used.push('tools');
  return used;
}

/** The fields of `request` that `model` would not honour; callers refuse these rather than drop them. */
export function unsupportedParameters(request: ChatRequest, model: LanguageModel): ChatParameter[] {
  const supported = parametersOf(model);
  return parametersUsedBy(request).filter((parameter) => !supported.has(parameter));
}

/** Both models honour it: what a fallback pair can promise. */
export function commonParameters(a: LanguageModel, b: LanguageModel): ReadonlySet<ChatParameter> {
  const other = parametersOf(b);
  return new Set([...parametersOf(a)].filter((parameter) => other.has(parameter)));
}

/** Named messages for a wire without names: the name leads the text, as chat transcripts write it. */
export function inlineName(message: { name?: string; content: string }): string {
  return message.name ? `${message.name}: ${message.content}` : message.content;
}
