import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  createModelRegistry,
  estimateTokens,
  type ModelRegistry,
  ProviderError,
} from '../../src/providers/index.js';
import type { ChatChunk, LanguageModel } from '../../src/providers/spec.js';
import {
  anthropicWire,
  type FakeModelServer,
  openAIWire,
  startFakeModelServer,
} from './fake-model-server.js';
import { TINY_MODEL } from './tiny-model.js';

const request = { messages: [{ role: 'user' as const, content: 'Hi' }], maxTokens: 4, temperature: 0 };

async function collect(model: LanguageModel): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of model.stream(request, new AbortController().signal)) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: ChatChunk[]) =>
  chunks.map((chunk) => (chunk.type === 'text-delta' ? chunk.text : '')).join('');

describe('model routing', () => {
  let openai: FakeModelServer;
  let anthropic: FakeModelServer;
  let dataDir: string;
  let registry: ModelRegistry | undefined;
  const noSleep = async () => {};

  beforeEach(async () => {
    openai = await startFakeModelServer(openAIWire);
    anthropic = await startFakeModelServer(anthropicWire);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-models-'));
  });
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
    await openai.close();
    await anthropic.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const build = (env: Record<string, string>) => {
    registry = createModelRegistry(loadConfig({ HEARTH_DATA_DIR: dataDir, ...env }).models, {
      sleep: noSleep,
    });
    return registry;
  };

  it('uses the embedded model by default and the OpenAI-compatible server when HEARTH_LLM_BASE_URL is set', async () => {
    expect(build({ HEARTH_MODEL: TINY_MODEL }).resolve().id).toBe('embedded:llama-2-tiny-random');
    const remote = build({ HEARTH_LLM_BASE_URL: `${openai.url}/v1`, HEARTH_LLM_MODEL: 'llama3' }).resolve();
    expect(remote.id).toBe('openai:llama3');
    expect(textOf(await collect(remote))).toBe('Hello there!');
    expect(openai.requests[0].body.model).toBe('llama3');
  });

  it('applies host quirks as options: OpenAI token field, OpenRouter identification headers', async () => {
    const base = { HEARTH_LLM_BASE_URL: `${openai.url}/v1`, HEARTH_LLM_API_KEY: 'key' };
    await collect(build({ ...base, HEARTH_LLM_HOST: 'openai' }).resolve());
    expect(openai.requests[0].body).toMatchObject({ max_completion_tokens: 4 });
    expect(openai.requests[0].body.max_tokens).toBeUndefined();
    await collect(build({ ...base, HEARTH_LLM_HOST: 'openrouter' }).resolve());
    expect(openai.requests[1].headers).toMatchObject({ 'x-title': 'Hearth', authorization: 'Bearer key' });
    expect(openai.requests[1].body).toMatchObject({ max_tokens: 4, usage: { include: true } });
  });

  it('routes the premium tier to HEARTH_PREMIUM_MODEL and basic to the default', async () => {
    const models = build({
      HEARTH_MODEL: TINY_MODEL,
      HEARTH_ANTHROPIC_API_KEY: 'sk-ant',
      HEARTH_ANTHROPIC_BASE_URL: anthropic.url,
      HEARTH_PREMIUM_MODEL: 'anthropic:claude-big',
    });
    expect(models.resolve({ tier: 'basic' }).id).toBe('embedded:llama-2-tiny-random');
    const premium = models.resolve({ tier: 'premium' });
    expect(premium.id).toBe('anthropic:claude-big');
    expect(textOf(await collect(premium))).toBe('Hello there!');
    expect(anthropic.requests[0].body.model).toBe('claude-big');
  });

  it('honours a character model override only when the operator allows it, never a gguf path', () => {
    const models = build({
      HEARTH_LLM_BASE_URL: `${openai.url}/v1`,
      HEARTH_LLM_MODEL: 'small',
      HEARTH_CHARACTER_MODELS: 'openai:roleplay-13b',
    });
    expect(models.resolve({ characterModel: 'openai:roleplay-13b' }).id).toBe('openai:roleplay-13b');
    expect(models.resolve({ characterModel: 'openai:gpt-expensive' }).id).toBe('openai:small');
    expect(models.resolve({ characterModel: 'gguf:/etc/passwd.gguf' }).id).toBe('openai:small');
    expect(models.resolve({ characterModel: 'nonsense' }).id).toBe('openai:small');
    expect(models.resolve({ characterModel: null, tier: 'premium' }).id).toBe('openai:small');
  });

  it('falls back when the primary fails before the first token', async () => {
    openai.replies.push({ kind: 'error', status: 500, message: 'GPU on fire' });
    const models = build({
      HEARTH_LLM_BASE_URL: `${openai.url}/v1`,
      HEARTH_LLM_MAX_RETRIES: '0',
      HEARTH_ANTHROPIC_API_KEY: 'sk-ant',
      HEARTH_ANTHROPIC_BASE_URL: anthropic.url,
      HEARTH_FALLBACK_MODEL: 'anthropic:claude-backup',
    });
    const chunks = await collect(models.resolve());
    expect(textOf(chunks)).toBe('Hello there!');
    expect(openai.requests).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(1);
  });

  it('does not fall back after the first token: the error chunk ends the reply', async () => {
    openai.replies.push({ kind: 'stream', deltas: ['par', 'tial'], cutAfter: 1 });
    const models = build({
      HEARTH_LLM_BASE_URL: `${openai.url}/v1`,
      HEARTH_ANTHROPIC_API_KEY: 'sk-ant',
      HEARTH_ANTHROPIC_BASE_URL: anthropic.url,
      HEARTH_FALLBACK_MODEL: 'anthropic:claude-backup',
    });
    const chunks = await collect(models.resolve());
    expect(textOf(chunks)).toBe('par');
    expect(chunks.at(-1)).toMatchObject({ type: 'error' });
    expect(anthropic.requests).toHaveLength(0);
  });

  it('counts tokens exactly for the embedded model once loaded and estimates remote ones', async () => {
    const models = build({ HEARTH_MODEL: TINY_MODEL, HEARTH_CONTEXT_SIZE: '512', HEARTH_MODEL_THREADS: '1' });
    const local = models.resolve();
    await collect(local);
    const counter = models.countTokens(local);
    expect(counter('Hello world')).toBe(2);
    const remote = build({ HEARTH_LLM_BASE_URL: `${openai.url}/v1` }).resolve();
    expect(models.countTokens(remote)('Hello world, how are you?')).toBe(
      estimateTokens('Hello world, how are you?'),
    );
    expect(models.promptBudget(local, 100)).toBe(512 - 100 - 64);
  });

  it('serves model_unavailable with a way out while the default model is missing, then downloads it', async () => {
    const gguf = fs.readFileSync(TINY_MODEL);
    const files = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-length': String(gguf.length) });
      response.end(gguf);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/tiny.gguf`;
      const models = build({
        HEARTH_MODEL_URL: url,
        HEARTH_MODEL_SHA256: createHash('sha256').update(gguf).digest('hex'),
        HEARTH_CONTEXT_SIZE: '256',
        HEARTH_MODEL_THREADS: '1',
      });
      const before = await collect(models.resolve()).catch((error: unknown) => error);
      expect(before).toBeInstanceOf(ProviderError);
      expect(before).toMatchObject({ code: 'model_unavailable', retryable: false });
      expect((before as Error).message).toMatch(/HEARTH_MODEL=.*HEARTH_LLM_BASE_URL=/);
      expect(models.status().embedded).toMatchObject({ preparation: 'pending', state: 'missing' });
      const seen: number[] = [];
      await models.prepare({ onProgress: (progress) => seen.push(progress.receivedBytes) });
      expect(seen.at(-1)).toBe(gguf.length);
      expect(models.status().embedded).toMatchObject({ preparation: 'ready', state: 'idle' });
      expect((await collect(models.resolve())).at(-1)).toMatchObject({ type: 'finish' });
    } finally {
      files.closeAllConnections();
      await new Promise<void>((resolve) => files.close(() => resolve()));
    }
  });

  it('keeps serving with a clear message when the first-run download fails offline', async () => {
    const models = build({ HEARTH_MODEL_URL: 'http://127.0.0.1:9/offline.gguf' });
    await models.prepare();
    expect(models.status().embedded).toMatchObject({ preparation: 'failed' });
    const failure = await collect(models.resolve()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'model_unavailable', retryable: false });
    expect((failure as Error).message).toContain('could not be downloaded');
    expect((failure as Error).message).toContain('HEARTH_MODEL=/path/to/model.gguf');
  });

  it('loads GGUF embeddings when HEARTH_EMBEDDING_MODEL is set and probes remote ones', async () => {
    const local = await build({ HEARTH_EMBEDDING_MODEL: TINY_MODEL }).embeddings();
    expect(local?.dimensions).toBeGreaterThan(0);
    const [a, b] = await local!.embed(['a cat', 'quantum chromodynamics']);
    expect(a).toHaveLength(local!.dimensions);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(await build({}).embeddings()).toBeUndefined();
    const remote = await build({
      HEARTH_LLM_BASE_URL: `${openai.url}/v1`,
      HEARTH_LLM_EMBEDDING_MODEL: 'nomic',
    }).embeddings();
    expect(remote?.dimensions).toBe(3);
    const vectors = await remote!.embed(['ab', 'abcd']);
    expect(vectors.map((vector) => Array.from(vector))).toEqual([
      [2, 1, -1],
      [4, 1, -1],
    ]);
    expect(openai.requests.at(-1)?.body).toEqual({ model: 'nomic', input: ['ab', 'abcd'] });
  });
});
