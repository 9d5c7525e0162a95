import type { ChatRequest, LanguageModel, ProviderFailure, ToolCall } from '../providers/spec.js';
import type { MessageKind, OutputGuard } from './stages.js';
import type { TurnEvent } from './turn-events.js';

export type ReplyOutcome =
  | {
      status: 'complete' | 'stopped';
      text: string;
      finishReason: 'stop' | 'length' | 'tool-calls' | 'stopped';
      kind: MessageKind;
      /** Functions the model asked the client to call (`tools` requests on /v1 only). */
      toolCalls?: ToolCall[];
    }
  | { status: 'blocked'; text: string; reply: string; code: string; kind: MessageKind }
  /** The model failed after the first token: the partial text is kept, nothing is charged. */
  | { status: 'error'; text: string; failure: ProviderFailure; kind: MessageKind };

/**
 * Stages 6 and 7: streams the model's reply through the output guard. Only text the guard released
 * reaches the client; a flagged clause ends the stream at once. Failures before the first token are
 * thrown (the caller may report them as a clean error); an abort keeps the partial reply as `stopped`.
 */
export async function* streamReply(
  model: LanguageModel,
  request: ChatRequest,
  guard: OutputGuard,
  signal: AbortSignal,
): AsyncGenerator<TurnEvent, ReplyOutcome> {
  let text = '';
  let finishReason: 'stop' | 'length' | 'tool-calls' = 'stop';
  const toolCalls: ToolCall[] = [];
  try {
    for await (const chunk of model.stream(request, signal)) {
      if (chunk.type === 'text-delta') {
        const step = await guard.push(chunk.text);
        if (step.flagged)
          return { status: 'blocked', text: '', reply: step.reply, code: step.code, kind: guard.kind };
        if (step.release) {
          text += step.release;
          yield { type: 'text-delta', text: step.release };
        }
      } else if (chunk.type === 'tool-call') {
        toolCalls.push(chunk.call);
      } else if (chunk.type === 'finish') {
        finishReason =
          chunk.finishReason === 'length' || chunk.finishReason === 'tool-calls'
            ? chunk.finishReason
            : 'stop';
      } else {
        const tail = await guard.flush();
        if (!tail.flagged) text += tail.release;
        return { status: 'error', text, failure: chunk.error, kind: guard.kind };
      }
      if (signal.aborted) break;
    }
  } catch (error) {
    // An abort surfaces as an exception from some adapters; it is a stop, not a failure.
    if (!signal.aborted) throw error;
  }
  const tail = await guard.flush();
  if (tail.flagged)
    return { status: 'blocked', text: '', reply: tail.reply, code: tail.code, kind: guard.kind };
  if (tail.release) {
    text += tail.release;
    if (!signal.aborted) yield { type: 'text-delta', text: tail.release };
  }
  if (signal.aborted)
    return { status: 'stopped', text, finishReason: 'stopped', kind: guard.kind, toolCalls: [] };
  return { status: 'complete', text, finishReason, kind: guard.kind, toolCalls };
}
