import { z } from 'zod';
import { BadRequest } from '../errors.js';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../providers/index.js';

/**
 * The `/v1/chat/completions` body (issue 22). Every field an OpenAI client sends is either used or
 * refused with a 400 naming it; fields that change nothing about the answer (`stream_options`,
 * `logprobs: false`, `user`…) are accepted. Unknown fields are refused, never silently dropped.
 */
const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
// Any other part (image_url, input_audio, file…) is recognised so it can be refused by name.
const otherPart = z.looseObject({ type: z.string() });
const content = z.union([z.string(), z.array(z.union([textPart, otherPart])).max(200)]).nullish();

const toolCall = z.looseObject({
  id: z.string().max(200),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string().max(200), arguments: z.string() }),
});

const message = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content,
  name: z.string().max(200).optional(),
  tool_call_id: z.string().max(200).optional(),
  tool_calls: z.array(toolCall).max(64).optional(),
  // Legacy single function call on an assistant message (before `tool_calls`).
  function_call: z.looseObject({ name: z.string().max(200), arguments: z.string() }).optional(),
  // Sent back by some clients from an earlier answer; carries nothing for the model.
  refusal: z.string().nullish(),
});

const tool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const completionBody = z.strictObject({
  model: z.string().min(1).max(200),
  messages: z.array(message).min(1).max(2000),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({}).nullish(),
  user: z.string().max(200).optional(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).max(1000).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string().max(200)).max(16)]).nullish(),
  logit_bias: z.record(z.string().regex(/^\d+$/), z.number().min(-100).max(100)).nullish(),
  n: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).nullish(),
  response_format: z
    .union([
      z.strictObject({ type: z.enum(['text', 'json_object']) }),
      z.strictObject({
        type: z.literal('json_schema'),
        json_schema: z.looseObject({
          name: z.string().min(1).max(64),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullish(),
          description: z.string().optional(),
        }),
      }),
    ])
    .nullish(),
  tools: z.array(tool).max(128).nullish(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
    ])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
});

export type CompletionBody = z.infer<typeof completionBody>;
type BodyMessage = CompletionBody['messages'][number];

/** The text of a message; image, audio and file parts are refused (no media input yet). */
export function textOf(entry: BodyMessage, index: number): string {
  if (entry.content === null || entry.content === undefined) return '';
  if (typeof entry.content === 'string') return entry.content;
  return entry.content
    .map((part) => {
      if (part.type !== 'text' || typeof part.text !== 'string') {
        throw new BadRequest(
          'unsupported_content',
          `messages[${index}] has a '${part.type}' part; Hearth accepts text only (no image or audio input yet).`,
          { param: `messages[${index}].content` },
        );
      }
      return part.text;
    })
    .join('');
}

/** The request's messages as the provider spec's, names and tool calls kept. */
export function toChatMessages(messages: BodyMessage[]): ChatMessage[] {
  return messages.map((entry, index) => {
    const text = textOf(entry, index);
    const role =
      entry.role === 'developer'
        ? 'system'
        : entry.role === 'function' // the legacy form of a tool result, answering by function name
          ? 'tool'
          : entry.role;
    const result: ChatMessage = { role, content: text };
    if (entry.name && entry.role !== 'function') result.name = entry.name;
    if (entry.role === 'function') result.toolCallId = entry.name ?? 'function';
    if (entry.tool_call_id) result.toolCallId = entry.tool_call_id;
    const calls = [
      ...(entry.tool_calls ?? []).map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      })),
      ...(entry.function_call ? [{ id: entry.function_call.name, ...entry.function_call }] : []),
    ];
    if (calls.length > 0) result.toolCalls = calls;
    return result;
  });
}

/** Refuses fields Hearth cannot honour at all (model-specific support is checked at the turn). */
function refuseUnservable(body: CompletionBody): void {
  if ((body.n ?? 1) !== 1) {
    throw new BadRequest('unsupported_parameter', 'n must be 1: Hearth writes one reply per request.', {
      param: 'n',
    });
  }
  if (body.logprobs || body.top_logprobs) {
    throw new BadRequest('unsupported_parameter', 'logprobs are not available from Hearth.', {
      param: body.logprobs ? 'logprobs' : 'top_logprobs',
    });
  }
}

/**
 * The sampler fields, limits, `tools` and `response_format` of the request, as `ChatRequest` fields.
 * `max_tokens` is clamped to the operator's limit; the rest are validated ranges. `tools` and
 * `response_format` only exist in `client` mode, where the client writes the whole prompt.
 */
export function samplingOf(
  body: CompletionBody,
  options: { maxCompletionTokens: number; clientMode: boolean },
): Omit<ChatRequest, 'messages'> {
  refuseUnservable(body);
  const sampling: Omit<ChatRequest, 'messages'> = {};
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) sampling.maxTokens = Math.min(maxTokens, options.maxCompletionTokens);
  if (body.temperature != null) sampling.temperature = body.temperature;
  if (body.top_p != null) sampling.topP = body.top_p;
  // top_k 0 means "off" on every server that reads it: the same as not sending it.
  if (body.top_k != null && body.top_k > 0) sampling.topK = body.top_k;
  if (body.presence_penalty != null) sampling.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) sampling.frequencyPenalty = body.frequency_penalty;
  if (body.seed != null) sampling.seed = body.seed;
  if (body.logit_bias && Object.keys(body.logit_bias).length > 0) sampling.logitBias = body.logit_bias;
  const stop = typeof body.stop === 'string' ? [body.stop] : (body.stop ?? []);
  if (stop.length > 0) sampling.stop = stop;
  const format = body.response_format;
  const wantsTools = (body.tools?.length ?? 0) > 0;
  if (!options.clientMode && ((format && format.type !== 'text') || wantsTools)) {
    throw new BadRequest(
      'unsupported_parameter',
      `${wantsTools ? 'tools' : 'response_format'} needs the client prompt mode (X-Hearth-Prompt: client): in hearth mode the character answers in prose.`,
      { param: wantsTools ? 'tools' : 'response_format' },
    );
  }
  if (format?.type === 'json_object') sampling.jsonObject = true;
  if (format?.type === 'json_schema') {
    sampling.jsonSchema = { name: format.json_schema.name, schema: format.json_schema.schema ?? {} };
  }
  if (wantsTools) {
    sampling.tools = (body.tools ?? []).map(
      (entry): ToolDefinition => ({
        name: entry.function.name,
        description: entry.function.description,
        parameters: entry.function.parameters,
      }),
    );
    const choice = body.tool_choice;
    if (choice) sampling.toolChoice = typeof choice === 'string' ? choice : { name: choice.function.name };
  }
  return sampling;
}
