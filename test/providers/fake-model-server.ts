import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to one request; replies are consumed in order, then `fallbackReply`. */
export type FakeReply =
  | {
      kind: 'stream';
      deltas: string[];
      /** Pause before each delta (a slow model). */
      delayMs?: number;
      /** Destroy the socket after this many deltas (a mid-stream disconnect). */
      cutAfter?: number;
      /** Stop writing (but keep the socket open) after this many deltas. */
      stallAfter?: number;
      /** Send an in-stream error event after this many deltas. */
      errorAfter?: number;
    }
  | { kind: 'error'; status: number; message: string; type?: string; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { kind: 'hang' };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>;
  /** performance.now() when the client closed the connection before the response ended. */
  clientClosedAt?: number;
}

/** How one vendor writes its stream and errors on the wire. */
export interface WireFormat {
  path: string;
  /** The request's max-token field value, so the fake honours it like a real server. */
  maxTokens(body: Record<string, any>): number | undefined;
  start(): string;
  delta(text: string): string;
  finish(reason: 'stop' | 'length', outputTokens: number): string;
  streamError(message: string): string;
  errorBody(message: string, type: string | undefined): string;
}

export interface FakeModelServer {
  url: string;
  requests: RecordedRequest[];
  replies: FakeReply[];
  /** Resolves when request `index` sees its client hang up. */
  clientClosed(index: number): Promise<number>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An in-test model server on 127.0.0.1 speaking `wire`, recording what it was sent. */
export async function startFakeModelServer(wire: WireFormat): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  const replies: FakeReply[] = [];
  const closeWaiters = new Map<number, (at: number) => void>();
  const server = http.createServer(async (request, response) => {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const record: RecordedRequest = {
      path: request.url ?? '',
      headers: request.headers,
      body: JSON.parse(raw || '{}'),
    };
    const index = requests.push(record) - 1;
    response.on('close', () => {
      if (response.writableFinished) return;
      record.clientClosedAt = performance.now();
      closeWaiters.get(index)?.(record.clientClosedAt);
    });
    if (record.path === '/v1/embeddings') {
      // OpenAI-style embeddings: a 3-dimensional vector per input, derived from its length.
      const inputs: string[] = record.body.input ?? [];
      const data = inputs.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: [text.length, 1, -1],
      }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: data.reverse(), model: record.body.model }));
      return;
    }
    if (record.path !== wire.path) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(wire.errorBody(`No route ${record.path}`, 'not_found'));
      return;
    }
    const reply = replies.shift() ?? { kind: 'stream', deltas: ['Hello', ' there', '!'] };
    if (reply.kind === 'hang') return;
    if (reply.kind === 'error') {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(wire.errorBody(reply.message, reply.type));
      return;
    }
    const limit = wire.maxTokens(record.body);
    const deltas = limit !== undefined ? reply.deltas.slice(0, limit) : reply.deltas;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(wire.start());
    for (const [sent, text] of deltas.entries()) {
      if (reply.cutAfter === sent) {
        // Let what was written reach the client first, as a real cut mid-stream would.
        await sleep(20);
        response.socket?.destroy();
        return;
      }
      if (reply.stallAfter === sent) return;
      if (reply.errorAfter === sent) {
        response.end(wire.streamError('Overloaded'));
        return;
      }
      if (reply.delayMs) await sleep(reply.delayMs);
      if (response.destroyed) return;
      response.write(wire.delta(text));
    }
    const truncated = limit !== undefined && reply.deltas.length > limit;
    response.end(wire.finish(truncated ? 'length' : 'stop', deltas.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    replies,
    clientClosed(index) {
      const known = requests[index]?.clientClosedAt;
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve) => closeWaiters.set(index, resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sse = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** OpenAI `/chat/completions` streaming as OpenAI, vLLM, Ollama and LM Studio write it. */
export const openAIWire: WireFormat = {
  path: '/v1/chat/completions',
  maxTokens: (body) => body.max_tokens ?? body.max_completion_tokens,
  start: () =>
    sse({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'fake',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    }),
  delta: (text) =>
    sse({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'fake',
      choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
    }),
  finish: (reason, outputTokens) =>
    sse({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: {}, finish_reason: reason }],
    }) +
    sse({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 7, completion_tokens: outputTokens, total_tokens: 7 + outputTokens },
    }) +
    sse('[DONE]'),
  streamError: (message) => sse({ error: { message, type: 'server_error', code: null } }),
  errorBody: (message, type) =>
    JSON.stringify({ error: { message, type: type ?? 'invalid_request_error', param: null, code: null } }),
};

/** Anthropic Messages API streaming (`event:` names plus typed JSON data). */
export const anthropicWire: WireFormat = {
  path: '/v1/messages',
  maxTokens: (body) => body.max_tokens,
  start: () =>
    sse(
      {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [],
          model: 'fake',
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 7, output_tokens: 1 },
        },
      },
      'message_start',
    ) +
    sse(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start',
    ) +
    sse({ type: 'ping' }, 'ping'),
  delta: (text) =>
    sse(
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
      'content_block_delta',
    ),
  finish: (reason, outputTokens) =>
    sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop') +
    sse(
      {
        type: 'message_delta',
        delta: { stop_reason: reason === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: outputTokens },
      },
      'message_delta',
    ) +
    sse({ type: 'message_stop' }, 'message_stop'),
  streamError: (message) => sse({ type: 'error', error: { type: 'overloaded_error', message } }, 'error'),
  errorBody: (message, type) =>
    JSON.stringify({ type: 'error', error: { type: type ?? 'invalid_request_error', message } }),
};
