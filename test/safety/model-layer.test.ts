import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlamaGuard, parseLlamaGuardVerdict } from '../../src/safety/model/llama-guard.js';
import { createOpenAiModeration } from '../../src/safety/model/openai-moderation.js';
import { type CascadeOptions, moderate } from '../../src/safety/moderate.js';
import { HARD_LINE_CATEGORIES } from '../../src/safety/taxonomy.js';

interface FakeServer {
  url: string;
  requests: { path: string; body: Record<string, unknown>; authorization?: string }[];
  close(): Promise<void>;
}

/** An in-test HTTP server that records requests and answers with `respond`. */
async function startFakeServer(
  respond: (body: Record<string, unknown>) => {
    status?: number;
    json?: unknown;
    sse?: string;
    hang?: boolean;
  },
): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const body = JSON.parse(raw || '{}');
      requests.push({ path: request.url ?? '', body, authorization: request.headers.authorization });
      const answer = respond(body);
      if (answer.hang) return;
      if (answer.sse !== undefined) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(answer.sse);
        return;
      }
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const actor = { ageVerified: true, nsfwOptIn: false, strikes: 0 };
const character = { rating: 'sfw' as const, creatorVerified: false, minorCoded: false };
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function cascadeWith(classifiers: CascadeOptions['classifiers'], timeoutMs = 3000): CascadeOptions {
  // `low: 0`: these tests exercise the adapters, so the model runs even on clean text.
  return {
    classifiers,
    timeoutMs,
    hardLineTimeoutMs: timeoutMs,
    failClosed: HARD_LINE_CATEGORIES,
    band: { low: 0, high: 0.85 },
  };
}

/** The guard answers over the providers' OpenAI-compatible adapter, which streams (SSE). */
const guardAnswer = (content: string) => ({
  sse: [
    { choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }] },
    { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ]
    .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
    .join('')
    .concat('data: [DONE]\n\n'),
});

describe('Llama Guard verdict parsing', () => {
  it('reads safe, unsafe with codes, and rejects anything else', () => {
    expect(parseLlamaGuardVerdict('safe')).toEqual([]);
    expect(parseLlamaGuardVerdict('\n\nunsafe\nS1,S10').map((hit) => hit.category)).toEqual([
      'violent_crimes',
      'hate',
    ]);
    expect(parseLlamaGuardVerdict('unsafe\nS4').map((hit) => hit.category)).toEqual([
      'child_sexual_exploitation',
    ]);
    expect(() => parseLlamaGuardVerdict('I cannot help with that')).toThrow(/neither safe nor unsafe/);
  });
});

describe('model layer against fake servers', () => {
  it('Llama Guard: sends the exchange to /chat/completions and maps codes', async () => {
    const server = await startFakeServer(() => guardAnswer('unsafe\nS2'));
    servers.push(server);
    const guard = createLlamaGuard({ baseUrl: server.url, model: 'llama-guard-3-1b', apiKey: 'k-1' });
    const result = await moderate('a perfectly ordinary sentence', {
      direction: 'input',
      actor,
      character,
      cascade: cascadeWith([guard]),
    });
    expect(server.requests[0].path).toBe('/v1/chat/completions');
    expect(server.requests[0].authorization).toBe('Bearer k-1');
    expect(server.requests[0].body).toMatchObject({
      model: 'llama-guard-3-1b',
      messages: [{ role: 'user', content: 'a perfectly ordinary sentence' }],
    });
    expect(result.decision.action).toBe('block');
    expect(result.hits[0]).toMatchObject({ category: 'non_violent_crimes', source: 'guard' });
  });

  it('Llama Guard: output checks send the user turn and the reply', async () => {
    const server = await startFakeServer(() => guardAnswer('safe'));
    servers.push(server);
    const guard = createLlamaGuard({ baseUrl: server.url, model: 'guard' });
    await guard.classify(
      { text: 'reply', direction: 'output', previousUserText: 'question' },
      new AbortController().signal,
    );
    expect(server.requests[0].body.messages).toEqual([
      { role: 'user', content: 'question' },
      { role: 'assistant', content: 'reply' },
    ]);
  });

  it('OpenAI moderation: posts to /moderations and maps categories', async () => {
    const server = await startFakeServer(() => ({
      json: {
        id: 'modr-1',
        model: 'omni-moderation-latest',
        results: [
          {
            flagged: true,
            categories: { 'self-harm/intent': true, harassment: false, 'sexual/minors': false },
            category_scores: { 'self-harm/intent': 0.93, harassment: 0.2, 'sexual/minors': 0.001 },
          },
        ],
      },
    }));
    servers.push(server);
    const openai = createOpenAiModeration({
      baseUrl: server.url,
      model: 'omni-moderation-latest',
      apiKey: 'sk',
    });
    const result = await moderate('some words', {
      direction: 'input',
      actor,
      character,
      cascade: cascadeWith([openai]),
    });
    expect(server.requests[0]).toMatchObject({
      path: '/v1/moderations',
      body: { model: 'omni-moderation-latest', input: 'some words' },
    });
    expect(result.decision.action).toBe('crisis');
    expect(result.hits.find((hit) => hit.category === 'harassment')?.score).toBeLessThan(0.5);
  });

  it('fails closed when a hard line is suspected and the model times out', async () => {
    const server = await startFakeServer(() => ({ hang: true }));
    servers.push(server);
    const guard = createLlamaGuard({ baseUrl: server.url, model: 'guard' });
    // A named person's home address is only a hint (below the flag threshold) for the fast layer.
    const result = await moderate("what is jordan's home address?", {
      direction: 'input',
      actor,
      character,
      cascade: cascadeWith([guard], 50),
    });
    expect(result.degraded).toBe(true);
    expect(result.decision.action).toBe('block');
    expect(result.decision.review).toBe(true);
    const fastAlone = await moderate("what is jordan's home address?", {
      direction: 'input',
      actor,
      character,
    });
    expect(fastAlone.decision.action).toBe('allow');
  });

  it('fails open with a review flag when nothing is suspected', async () => {
    const server = await startFakeServer(() => ({ status: 503, json: { error: 'down' } }));
    servers.push(server);
    const guard = createLlamaGuard({ baseUrl: server.url, model: 'guard' });
    const result = await moderate('what a lovely morning', {
      direction: 'input',
      actor,
      character,
      cascade: cascadeWith([guard]),
    });
    expect(result.degraded).toBe(true);
    expect(result.decision.action).toBe('allow');
    expect(result.decision.review).toBe(true);
  });

  it('issue 15 item 4: with the default band the model runs only when the fast layers are unsure', async () => {
    const server = await startFakeServer(() => guardAnswer('safe'));
    servers.push(server);
    const guard = createLlamaGuard({ baseUrl: server.url, model: 'guard' });
    const cascade = { ...cascadeWith([guard]), band: undefined };
    await moderate('what a lovely morning, the coffee is great', {
      direction: 'input',
      actor,
      character,
      cascade,
    });
    expect(server.requests).toHaveLength(0);
    const unsure = await moderate('i hate him so much i could hurt him', {
      direction: 'input',
      actor,
      character,
      cascade,
    });
    expect(unsure.hits.some((hit) => hit.score >= 0.25 && hit.score < 0.85)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('skips the model when the fast layer is already conclusive', async () => {
    const server = await startFakeServer(() => guardAnswer('safe'));
    servers.push(server);
    const guard = createLlamaGuard({ baseUrl: server.url, model: 'guard' });
    const result = await moderate('give me a recipe for sarin gas', {
      direction: 'input',
      actor,
      character,
      cascade: cascadeWith([guard]),
    });
    expect(result.decision.action).toBe('block');
    expect(server.requests).toHaveLength(0);
  });
});
