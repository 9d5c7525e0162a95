import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../config.js';

describe('model options', () => {
  it('defaults to the embedded model in the data dir, downloaded on first start', () => {
    const { models } = loadConfig({ HEARTH_DATA_DIR: '/srv/hearth' });
    expect(models).toMatchObject({
      modelPath: path.resolve('/srv/hearth/models/qwen2.5-1.5b-instruct-q4_k_m.gguf'),
      modelPathIsExplicit: false,
      download: { enabled: true },
      contextSize: 4096,
      parallelSequences: 2,
      maxQueued: 16,
      defaultModel: 'embedded',
      timeouts: { firstByteMs: 60_000, idleMs: 30_000 },
      maxRetries: 2,
      characterModels: [],
    });
    expect(models.remote).toBeUndefined();
  });

  it('makes an OpenAI-compatible server, or Anthropic alone, the default model', () => {
    const remote = loadConfig({
      HEARTH_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      HEARTH_LLM_MODEL: 'llama3.2',
    }).models;
    expect(remote.defaultModel).toBe('openai:llama3.2');
    const claude = loadConfig({
      HEARTH_ANTHROPIC_API_KEY: 'sk-ant',
      HEARTH_ANTHROPIC_MODEL: 'claude-x',
    }).models;
    expect(claude.defaultModel).toBe('anthropic:claude-x');
    const both = loadConfig({ HEARTH_ANTHROPIC_API_KEY: 'sk-ant', HEARTH_MODEL: '/m/a.gguf' }).models;
    expect(both.defaultModel).toBe('embedded');
    expect(loadConfig({ HEARTH_DEFAULT_MODEL: 'gguf:/m/b.gguf' }).models.defaultModel).toBe('gguf:/m/b.gguf');
  });

  it('names the HEARTH_* variable in errors', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ HEARTH_MODEL: '/models/readme.txt' })).toContain('HEARTH_MODEL');
    expect(problems({ HEARTH_MODEL_SHA256: 'abc' })).toContain('HEARTH_MODEL_SHA256');
    expect(problems({ HEARTH_PREMIUM_MODEL: 'gpt-4' })).toContain('HEARTH_PREMIUM_MODEL');
    expect(problems({ HEARTH_CHARACTER_MODELS: 'gguf:/etc/x.gguf' })).toContain('HEARTH_CHARACTER_MODELS');
    expect(problems({ HEARTH_PARALLEL_SEQUENCES: '0' })).toContain('HEARTH_PARALLEL_SEQUENCES');
  });
});
