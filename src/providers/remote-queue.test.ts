import { describe, expect, it } from 'vitest';
import { RemoteCallQueue } from './remote-queue.js';
import type { ChatChunk, ChatRequest, LanguageModel } from './spec.js';

function gatedModel() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started = 0;
  const model: LanguageModel = {
    id: 'remote',
    async *stream(_request: ChatRequest, _signal: AbortSignal): AsyncIterable<ChatChunk> {
      started += 1;
      await gate;
      yield { type: 'text-delta', text: 'ok' };
      yield { type: 'finish', finishReason: 'stop' };
    },
  };
  return { model, open, started: () => started };
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };

async function drain(stream: AsyncIterable<ChatChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) if (chunk.type === 'text-delta') text += chunk.text;
  return text;
}

// Issue 13 item 12: remote-provider calls are queued globally with a bound.
describe('issue 13 item 12: RemoteCallQueue', () => {
  it('runs at most `concurrency` calls, queues `maxWaiting` more and refuses the rest with model_busy', async () => {
    const queue = new RemoteCallQueue(2, 1);
    const { model, open, started } = gatedModel();
    const wrapped = queue.wrap(model);
    const signal = new AbortController().signal;
    const calls = [1, 2, 3].map(() => drain(wrapped.stream(request, signal)));
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started()).toBe(2);
    expect([queue.running, queue.waiting]).toEqual([2, 1]);
    await expect(drain(wrapped.stream(request, signal))).rejects.toMatchObject({
      code: 'model_busy',
      retryable: true,
    });
    open();
    expect(await Promise.all(calls)).toEqual(['ok', 'ok', 'ok']);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it('a waiting call that is aborted leaves the queue and frees its place', async () => {
    const queue = new RemoteCallQueue(1, 1);
    const { model, open } = gatedModel();
    const wrapped = queue.wrap(model);
    const first = drain(wrapped.stream(request, new AbortController().signal));
    const controller = new AbortController();
    const waiting = drain(wrapped.stream(request, controller.signal));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.waiting).toBe(1);
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(queue.waiting).toBe(0);
    open();
    expect(await first).toBe('ok');
  });
});

describe('RemoteCallQueue.wrap keeps what the model honours', () => {
  it('passes the wrapped model’s parameters through, so callers do not refuse fields it supports', () => {
    const model: LanguageModel = {
      id: 'remote',
      parameters: new Set(['temperature', 'topK', 'seed']),
      async *stream(): AsyncIterable<ChatChunk> {},
    };
    expect(new RemoteCallQueue(1, 0).wrap(model).parameters).toBe(model.parameters);
  });
});
