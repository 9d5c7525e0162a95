import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicModel } from '../../src/providers/anthropic.js';
import { EmbeddedModel } from '../../src/providers/embedded.js';
import { loadCpuLlama } from '../../src/providers/llama-runtime.js';
import { ProviderError } from '../../src/providers/errors.js';
import { OpenAICompatibleModel } from '../../src/providers/openai-compatible.js';
import type { ChatChunk, ChatRequest, LanguageModel } from '../../src/providers/spec.js';
import {
  anthropicWire,
  type FakeModelServer,
  openAIWire,
  startFakeModelServer,
  type WireFormat,
} from './fake-model-server.js';
import { TINY_MODEL } from './tiny-model.js';

/**
 * ONE behavioural suite for every adapter (DESIGN §3): the HTTP adapters against in-test fake servers
 * speaking their real wire formats, the embedded adapter on the tiny random-weights GGUF.
 */

interface ModelSettings {
  maxAttempts?: number;
  firstByteMs?: number;
  idleMs?: number;
}

interface Harness {
  name: string;
  /** The fake server of the current test (remote adapters only). */
  server?: FakeModelServer;
  sleeps: number[];
  model(settings?: ModelSettings): LanguageModel;
  /** Where a `jsonSchema` request shows up in the wire body. */
  wireSchema?(body: Record<string, any>): unknown;
}

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are a friendly companion.' },
    { role: 'user', content: 'Hi!' },
  ],
  temperature: 0,
};

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: ChatChunk[]) =>
  chunks.map((chunk) => (chunk.type === 'text-delta' ? chunk.text : '')).join('');

async function failureOf(stream: AsyncIterable<ChatChunk>): Promise<ProviderError> {
  try {
    await collect(stream);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the stream to throw');
}

function remoteHarness(
  name: string,
  wire: WireFormat,
  build: (url: string, settings: ModelSettings, sleep: (ms: number) => Promise<void>) => LanguageModel,
  wireSchema: (body: Record<string, any>) => unknown,
): Harness {
  const harness: Harness = {
    name,
    sleeps: [],
    model(settings = {}) {
      return build(harness.server!.url, settings, async (ms) => {
        harness.sleeps.push(ms);
      });
    },
    wireSchema,
  };
  beforeEach(async () => {
    harness.server = await startFakeModelServer(wire);
    harness.sleeps.length = 0;
  });
  afterEach(async () => {
    await harness.server?.close();
  });
  return harness;
}

const timeouts = (settings: ModelSettings) => ({
  firstByteMs: settings.firstByteMs ?? 5_000,
  idleMs: settings.idleMs ?? 5_000,
});

const remoteHarnesses = (): Harness[] => [
  remoteHarness(
    'openai-compatible',
    openAIWire,
    (url, settings, sleep) =>
      new OpenAICompatibleModel({
        baseUrl: `${url}/v1`,
        apiKey: 'sk-test',
        model: 'fake-model',
        timeouts: timeouts(settings),
        retry: { maxAttempts: settings.maxAttempts ?? 3 },
        sleep,
        random: () => 0.5,
      }),
    (body) => body.response_format,
  ),
  remoteHarness(
    'anthropic',
    anthropicWire,
    (url, settings, sleep) =>
      new AnthropicModel({
        baseUrl: url,
        apiKey: 'sk-ant-test',
        model: 'claude-fake',
        timeouts: timeouts(settings),
        retry: { maxAttempts: settings.maxAttempts ?? 3 },
        sleep,
        random: () => 0.5,
      }),
    (body) => body.output_config,
  ),
];

let embedded: EmbeddedModel;
beforeAll(async () => {
  embedded = new EmbeddedModel({ modelPath: TINY_MODEL, contextSize: 512, parallelSequences: 2, threads: 1 });
  await embedded.load();
});
afterAll(async () => {
  await embedded.close();
});
const embeddedHarness: Harness = { name: 'embedded', sleeps: [], model: () => embedded };

const moodSchema = {
  name: 'mood',
  schema: {
    type: 'object',
    properties: { mood: { type: 'string', enum: ['happy', 'sad'] } },
    required: ['mood'],
    additionalProperties: false,
  },
};

describe.each([...remoteHarnesses(), embeddedHarness])('provider contract: $name', (harness) => {
  it('streams text deltas, then exactly one finish as the last chunk', async () => {
    const chunks = await collect(
      harness.model().stream({ ...request, maxTokens: 8 }, new AbortController().signal),
    );
    const finishes = chunks.filter((chunk) => chunk.type === 'finish');
    expect(finishes).toHaveLength(1);
    expect(chunks.at(-1)).toBe(finishes[0]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.type === 'text-delta')).toBe(true);
    expect(textOf(chunks).length).toBeGreaterThan(0);
    const finish = finishes[0] as Extract<ChatChunk, { type: 'finish' }>;
    expect(['stop', 'length']).toContain(finish.finishReason);
    expect(finish.usage?.outputTokens).toBeGreaterThan(0);
    if (harness.server) expect(textOf(chunks)).toBe('Hello there!');
  });

  it('honours abort: the provider stops within 100 ms and the stream ends with finish(abort)', async () => {
    harness.server?.replies.push({
      kind: 'stream',
      deltas: Array.from({ length: 40 }, (_, i) => `w${i} `),
      delayMs: 40,
    });
    const controller = new AbortController();
    const chunks: ChatChunk[] = [];
    let abortedAt = 0;
    for await (const chunk of harness.model().stream({ ...request, maxTokens: 400 }, controller.signal)) {
      chunks.push(chunk);
      if (chunk.type === 'text-delta' && abortedAt === 0) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    const endedAt = performance.now();
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'abort' });
    expect(endedAt - abortedAt).toBeLessThan(100);
    if (harness.server) {
      const closedAt = await harness.server.clientClosed(0);
      expect(closedAt - abortedAt).toBeLessThan(100);
    }
  });

  it('ends at once with finish(abort) when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const chunks = await collect(harness.model().stream(request, controller.signal));
    expect(chunks).toEqual([{ type: 'finish', finishReason: 'abort' }]);
    if (harness.server) expect(harness.server.requests).toHaveLength(0);
  });

  it('respects maxTokens and reports finish(length)', async () => {
    harness.server?.replies.push({ kind: 'stream', deltas: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
    const chunks = await collect(
      harness.model().stream({ ...request, maxTokens: 3 }, new AbortController().signal),
    );
    const finish = chunks.at(-1) as Extract<ChatChunk, { type: 'finish' }>;
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'length' });
    expect(finish.usage?.outputTokens).toBeLessThanOrEqual(3);
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').length).toBeLessThanOrEqual(3);
  });

  it('maps a JSON schema request to structured output', async () => {
    harness.server?.replies.push({ kind: 'stream', deltas: ['{"mood":', '"happy"}'] });
    const chunks = await collect(
      harness
        .model()
        .stream({ ...request, maxTokens: 60, jsonSchema: moodSchema }, new AbortController().signal),
    );
    expect(chunks.at(-1)).toMatchObject({ type: 'finish' });
    // The embedded model is held to the schema by a grammar even with random weights.
    expect(['happy', 'sad']).toContain(JSON.parse(textOf(chunks)).mood);
    if (harness.server && harness.wireSchema) {
      const sent = harness.wireSchema(harness.server.requests[0].body);
      if (harness.name === 'openai-compatible') {
        expect(sent).toEqual({
          type: 'json_schema',
          json_schema: { name: 'mood', schema: moodSchema.schema, strict: true },
        });
      } else {
        expect(sent).toEqual({ format: { type: 'json_schema', schema: moodSchema.schema } });
      }
    }
  });
});

describe.each(remoteHarnesses())('remote provider contract: $name', (harness) => {
  const server = () => harness.server!;

  it('sends the conversation, limits and credentials in the vendor wire format', async () => {
    await collect(
      harness.model().stream({ ...request, maxTokens: 50, stop: ['\nUser:'] }, new AbortController().signal),
    );
    const [sent] = server().requests;
    if (harness.name === 'openai-compatible') {
      expect(sent.headers.authorization).toBe('Bearer sk-test');
      expect(sent.body).toMatchObject({
        model: 'fake-model',
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 50,
        stop: ['\nUser:'],
        messages: request.messages,
      });
    } else {
      expect(sent.headers['x-api-key']).toBe('sk-ant-test');
      expect(sent.headers['anthropic-version']).toBe('2023-06-01');
      expect(sent.body).toMatchObject({
        model: 'claude-fake',
        stream: true,
        max_tokens: 50,
        stop_sequences: ['\nUser:'],
        system: 'You are a friendly companion.',
        messages: [{ role: 'user', content: 'Hi!' }],
      });
    }
  });

  it('retries a 429 before the first token, waiting as long as Retry-After says', async () => {
    server().replies.push({
      kind: 'error',
      status: 429,
      message: 'Slow down',
      headers: { 'retry-after': '2' },
    });
    const chunks = await collect(harness.model().stream(request, new AbortController().signal));
    expect(textOf(chunks)).toBe('Hello there!');
    expect(server().requests).toHaveLength(2);
    expect(harness.sleeps).toEqual([2000]);
  });

  it('retries 5xx with exponential backoff, then gives up with the upstream message', async () => {
    for (let i = 0; i < 3; i += 1)
      server().replies.push({ kind: 'error', status: 503, message: `Busy ${i}`, type: 'server_error' });
    const failure = await failureOf(harness.model().stream(request, new AbortController().signal));
    expect(failure).toMatchObject({
      code: 'upstream_unavailable',
      status: 503,
      retryable: true,
      message: 'Busy 2',
    });
    expect(server().requests).toHaveLength(3);
    expect(harness.sleeps).toEqual([375, 750]);
  });

  it('does not retry a 401 and keeps the upstream error message', async () => {
    server().replies.push({
      kind: 'error',
      status: 401,
      message: 'Incorrect API key provided',
      type: 'authentication_error',
    });
    const failure = await failureOf(harness.model().stream(request, new AbortController().signal));
    expect(failure).toMatchObject({ code: 'upstream_unauthorized', status: 401, retryable: false });
    expect(failure.message).toBe('Incorrect API key provided');
    expect(server().requests).toHaveLength(1);
  });

  it('does not wait for a Retry-After longer than the cap', async () => {
    server().replies.push({
      kind: 'error',
      status: 429,
      message: 'Quota',
      headers: { 'retry-after': '3600' },
    });
    const failure = await failureOf(harness.model().stream(request, new AbortController().signal));
    expect(failure).toMatchObject({ code: 'upstream_rate_limited', retryAfterMs: 3_600_000 });
    expect(server().requests).toHaveLength(1);
  });

  it('never retries after the first token: a mid-stream disconnect becomes a final error chunk', async () => {
    server().replies.push({ kind: 'stream', deltas: ['one ', 'two ', 'three'], cutAfter: 2 });
    const chunks = await collect(harness.model().stream(request, new AbortController().signal));
    expect(textOf(chunks)).toBe('one two ');
    expect(chunks.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'upstream_disconnected', retryable: true },
    });
    expect(server().requests).toHaveLength(1);
  });

  it('turns an in-stream error event after the first token into an error chunk', async () => {
    server().replies.push({ kind: 'stream', deltas: ['one ', 'two'], errorAfter: 1 });
    const chunks = await collect(harness.model().stream(request, new AbortController().signal));
    expect(textOf(chunks)).toBe('one ');
    expect(chunks.at(-1)).toMatchObject({ type: 'error', error: { message: 'Overloaded' } });
    expect(server().requests).toHaveLength(1);
  });

  it('retries a stream that fails before its first token', async () => {
    server().replies.push({ kind: 'stream', deltas: ['lost'], cutAfter: 0 });
    const chunks = await collect(harness.model().stream(request, new AbortController().signal));
    expect(textOf(chunks)).toBe('Hello there!');
    expect(server().requests).toHaveLength(2);
  });

  it('streams a slow model and times out a stalled one after the first token', async () => {
    server().replies.push({ kind: 'stream', deltas: ['s', 'l', 'o', 'w'], delayMs: 60 });
    const slow = await collect(harness.model({ idleMs: 500 }).stream(request, new AbortController().signal));
    expect(textOf(slow)).toBe('slow');
    server().replies.push({ kind: 'stream', deltas: ['half', 'never'], stallAfter: 1 });
    const stalled = await collect(
      harness.model({ idleMs: 150 }).stream(request, new AbortController().signal),
    );
    expect(textOf(stalled)).toBe('half');
    expect(stalled.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_timeout' } });
  });

  it('times out a server that never answers, retrying before giving up', async () => {
    server().replies.push({ kind: 'hang' }, { kind: 'hang' });
    const failure = await failureOf(
      harness.model({ firstByteMs: 150, maxAttempts: 2 }).stream(request, new AbortController().signal),
    );
    expect(failure).toMatchObject({ code: 'upstream_timeout', retryable: true });
    expect(server().requests).toHaveLength(2);
  });

  it('closes the connection within 100 ms when aborted while waiting for the first byte', async () => {
    server().replies.push({ kind: 'hang' });
    const controller = new AbortController();
    const chunks = collect(harness.model().stream(request, controller.signal));
    while (server().requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const abortedAt = performance.now();
    controller.abort();
    expect(await chunks).toEqual([{ type: 'finish', finishReason: 'abort' }]);
    expect((await server().clientClosed(0)) - abortedAt).toBeLessThan(100);
  });
});

describe('embedded provider', () => {
  it('runs on the prebuilt CPU binary: no GPU probing, no compile step', async () => {
    const llama = await loadCpuLlama();
    expect(llama.gpu).toBe(false);
    expect(llama.buildType).toBe('prebuilt');
  });

  it('counts tokens exactly with the GGUF tokenizer once loaded', async () => {
    const { model } = await embedded.load();
    const text = 'Hello there, how are you today?';
    expect(embedded.countTokens(text)).toBe(model.tokenize(text).length);
  });

  it('queues requests beyond the parallel sequences, drops aborted waiters, and refuses a full queue', async () => {
    const single = new EmbeddedModel({
      modelPath: TINY_MODEL,
      contextSize: 256,
      parallelSequences: 1,
      maxQueued: 1,
      threads: 1,
    });
    try {
      const first = single
        .stream({ ...request, maxTokens: 4 }, new AbortController().signal)
        [Symbol.asyncIterator]();
      expect((await first.next()).value).toMatchObject({ type: 'text-delta' });
      const waiterAbort = new AbortController();
      const waiting = single.stream(request, waiterAbort.signal)[Symbol.asyncIterator]().next();
      const refused = single.stream(request, new AbortController().signal)[Symbol.asyncIterator]().next();
      await expect(refused).rejects.toMatchObject({ code: 'model_busy', retryable: true });
      waiterAbort.abort();
      expect((await waiting).value).toEqual({ type: 'finish', finishReason: 'abort' });
      await first.return?.(undefined);
      const after = await collect(single.stream({ ...request, maxTokens: 3 }, new AbortController().signal));
      expect(after.at(-1)).toMatchObject({ type: 'finish' });
    } finally {
      await single.close();
    }
  });

  it('answers model_unavailable (not retryable) while the GGUF file is missing', async () => {
    const missing = new EmbeddedModel({
      modelPath: '/nonexistent/model.gguf',
      describeMissing: () => 'still downloading',
    });
    const failure = await failureOf(missing.stream(request, new AbortController().signal));
    expect(failure).toMatchObject({
      code: 'model_unavailable',
      retryable: false,
      message: 'still downloading',
    });
    expect(missing.state).toBe('missing');
  });
});
