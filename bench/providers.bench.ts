import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlamaChat } from 'node-llama-cpp';
import { EmbeddedModel, OpenAICompatibleModel } from '../src/providers/index.js';
import { loadCpuLlama } from '../src/providers/llama-runtime.js';
import { type Bench, percentile } from './types.js';

const TINY_MODEL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/models/llama-2-tiny-random.gguf',
);
const messages = [
  { role: 'system' as const, content: 'You are a warm, curious companion.' },
  { role: 'user' as const, content: 'Tell me about your day.' },
];

async function timeToFirst(run: (onFirst: () => void) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let first = 0;
  await run(() => {
    first ||= performance.now() - start;
  });
  return first;
}

/** Alternates the two measurements so load spikes on a shared machine hit both alike. */
async function pairedSamples(
  count: number,
  measure: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<[number[], number[]]> {
  await measure();
  await baseline();
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let index = 0; index < count; index += 1) {
    ours.push(await measure());
    theirs.push(await baseline());
  }
  return [ours, theirs];
}

/** A fake OpenAI-compatible server answering every request with the same short SSE stream. */
async function startStreamingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const chunk = (content: string) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(
        `${chunk('Hello')}${chunk(' there')}data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * What the adapters add on top of the raw clients: embedded time-to-first-token against a bare
 * node-llama-cpp LlamaChat call on the same loaded model, and the OpenAI-compatible adapter's
 * time-to-first-delta against a bare fetch of the same fake server.
 */
const bench: Bench = {
  name: 'providers: adapter overhead',
  async run() {
    const embedded = new EmbeddedModel({
      modelPath: TINY_MODEL,
      contextSize: 512,
      parallelSequences: 1,
      threads: 1,
    });
    await embedded.load();
    // Baseline: the same file loaded and prompted with node-llama-cpp alone, same threads and context.
    const llama = await loadCpuLlama();
    const model = await llama.loadModel({ modelPath: TINY_MODEL });
    const context = await model.createContext({ contextSize: 512, sequences: 1, threads: 1 });
    const sequence = context.getSequence();
    const [ours, baseline] = await pairedSamples(
      30,
      () =>
        timeToFirst(async (onFirst) => {
          const stream = embedded.stream(
            { messages, maxTokens: 8, temperature: 0 },
            new AbortController().signal,
          );
          for await (const chunk of stream) if (chunk.type === 'text-delta') onFirst();
        }),
      async () => {
        const chat = new LlamaChat({ contextSequence: sequence });
        const first = await timeToFirst((onFirst) =>
          chat.generateResponse(
            [
              { type: 'system', text: messages[0].content },
              { type: 'user', text: messages[1].content },
              { type: 'model', response: [] },
            ],
            { maxTokens: 8, temperature: 0, onTextChunk: onFirst },
          ),
        );
        chat.dispose({ disposeSequence: false });
        return first;
      },
    );
    await embedded.close();
    await context.dispose();
    await model.dispose();

    const server = await startStreamingServer();
    const remote = new OpenAICompatibleModel({ baseUrl: server.url, model: 'fake' });
    const [adapter, fetchBaseline] = await pairedSamples(
      100,
      () =>
        timeToFirst(async (onFirst) => {
          for await (const chunk of remote.stream({ messages }, new AbortController().signal)) {
            if (chunk.type === 'text-delta') onFirst();
          }
        }),
      () =>
        timeToFirst(async (onFirst) => {
          const response = await fetch(`${server.url}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'fake', messages, stream: true }),
          });
          const decoder = new TextDecoder();
          for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
            if (decoder.decode(bytes, { stream: true }).includes('"content":"Hello"')) onFirst();
          }
        }),
    );
    await server.close();
    return [
      {
        name: 'embedded time to first token p50 (tiny GGUF, warm)',
        value: percentile(ours, 50),
        unit: 'ms',
        baseline: { name: 'raw node-llama-cpp LlamaChat p50', value: percentile(baseline, 50) },
      },
      {
        name: 'openai-compatible time to first delta p50 (local fake server)',
        value: percentile(adapter, 50),
        unit: 'ms',
        baseline: { name: 'bare fetch + substring p50', value: percentile(fetchBaseline, 50) },
      },
    ];
  },
};
export default bench;
