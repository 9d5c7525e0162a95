import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { ToolCall } from '../providers/index.js';
import {
  type CompletionIdentity,
  chunkOf,
  completionOf,
  finishReasonOf,
  openAiErrorBody,
  statusForTurnError,
  statusTextOf,
  wireToolCalls,
} from './openai-format.js';
import type { TurnEvent } from './turn-events.js';

const errorOf = (event: Extract<TurnEvent, { type: 'error' }>) =>
  new AppError(statusForTurnError(event.code), event.code, event.message);

function sendError(reply: FastifyReply, error: AppError) {
  reply.raw.statusMessage = statusTextOf(error);
  return reply.status(error.status).send(openAiErrorBody(error));
}

/** A non-streamed completion: the whole turn, then one `chat.completion` (or an OpenAI error). */
export async function collectCompletion(
  reply: FastifyReply,
  events: AsyncGenerator<TurnEvent>,
  identity: CompletionIdentity,
) {
  let content = '';
  let toolCalls: ToolCall[] = [];
  for await (const event of events) {
    if (event.type === 'text-delta') content += event.text;
    if (event.type === 'tool-calls') toolCalls = event.calls;
    if (event.type === 'blocked') return completionOf(identity, event.reply, 'content_filter');
    if (event.type === 'finish')
      return completionOf(identity, content, finishReasonOf(event) ?? 'stop', toolCalls);
    if (event.type === 'error') return sendError(reply, errorOf(event));
  }
  throw new Error('turn ended without a final event');
}

/**
 * A streamed completion. No header is written until the reply's first output (a token, tool calls, a
 * safe reply or the end): anything that fails before it — 402, moderation errors, a model that never
 * answers — is a real HTTP error a client can show, not an empty 200 stream (issue 22 item 3). Later
 * failures are an `error` event in OpenAI's shape, then `[DONE]`.
 */
export async function streamCompletion(
  request: FastifyRequest,
  reply: FastifyReply,
  events: AsyncGenerator<TurnEvent>,
  controller: AbortController,
  identity: CompletionIdentity,
) {
  const held: TurnEvent[] = [];
  let next = await events.next();
  while (!next.done && (next.value.type === 'user-message' || next.value.type === 'media')) {
    held.push(next.value);
    next = await events.next();
  }
  if (next.done) throw new Error('turn ended without a final event');
  if (next.value.type === 'error') {
    await events.return(undefined);
    return sendError(reply, errorOf(next.value));
  }
  const first = next.value;
  reply.hijack();
  const response = reply.raw;
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
    ...Object.fromEntries(
      Object.entries(reply.getHeaders()).filter(([name]) => name.startsWith('x-hearth-')),
    ),
  });
  const send = (payload: unknown) => {
    if (!response.destroyed) response.write(`data: ${JSON.stringify(payload)}\n\n`);
  };
  send(chunkOf(identity, { role: 'assistant', content: '' }, null));
  const handle = (event: TurnEvent) => {
    if (event.type === 'text-delta') send(chunkOf(identity, { content: event.text }, null));
    else if (event.type === 'tool-calls')
      send(chunkOf(identity, { tool_calls: wireToolCalls(event.calls) }, null));
    else if (event.type === 'blocked') {
      // The partial text cannot be unsent over this protocol; the safe reply follows and the finish
      // reason tells the client the content was filtered.
      send(chunkOf(identity, { content: `\n\n${event.reply}` }, null));
      send(chunkOf(identity, {}, 'content_filter'));
    } else if (event.type === 'finish') send(chunkOf(identity, {}, finishReasonOf(event)));
    else if (event.type === 'error') send(openAiErrorBody(errorOf(event)));
  };
  try {
    handle(first);
    for await (const event of events) handle(event);
  } catch (error) {
    request.log.error({ err: error }, 'v1 stream failed');
    send(
      openAiErrorBody(new AppError(500, 'internal_error', 'The reply failed on our side. Please try again.')),
    );
  } finally {
    if (!response.destroyed) {
      response.write('data: [DONE]\n\n');
      response.end();
    }
  }
}
