import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedModel, type LanguageModel, OpenAICompatibleModel } from '../../src/providers/index.js';
import {
  type GuardFamily,
  createGuardModel,
  parseLlamaGuard3Verdict,
  parseQwen3GuardVerdict,
} from '../../src/safety/model/guard-model.js';
import { moderate } from '../../src/safety/moderate.js';
import { HARD_LINE_CATEGORIES } from '../../src/safety/taxonomy.js';
import { TINY_MODEL } from '../providers/tiny-model.js';

/** Verdicts in the exact shapes the models print (Llama Guard 3 model card; Qwen3Guard-Gen README). */
const VERDICTS: Record<GuardFamily, { unsafe: string; safe: string; category: string }> = {
  llama_guard_3: { unsafe: '\n\nunsafe\nS11', safe: '\n\nsafe', category: 'self_harm' },
  qwen3_guard: {
    unsafe: 'Safety: Unsafe\nCategories: Suicide & Self-Harm',
    safe: 'Safety: Safe\nCategories: None',
    category: 'self_harm',
  },
};

describe('issue 15 item 4: guard verdict parsers on real output formats', () => {
  it('Llama Guard 3', () => {
    expect(parseLlamaGuard3Verdict('safe')).toEqual([]);
    expect(parseLlamaGuard3Verdict('\n\nunsafe\nS1,S10').map((hit) => hit.category)).toEqual([
      'violent_crimes',
      'hate',
    ]);
    expect(() => parseLlamaGuard3Verdict('Sure! Here is a poem')).toThrow(/neither safe nor unsafe/);
  });

  it('Qwen3Guard-Gen, including controversial and response refusals', () => {
    expect(parseQwen3GuardVerdict('Safety: Safe\nCategories: None')).toEqual([]);
    const unsafe = parseQwen3GuardVerdict('Safety: Unsafe\nCategories: Violent, PII');
    expect(unsafe.map((hit) => [hit.category, hit.score])).toEqual([
      ['violent_crimes', 0.9],
      ['privacy', 0.9],
    ]);
    const controversial = parseQwen3GuardVerdict(
      'Safety: Controversial\nCategories: Sexual Content or Sexual Acts\nRefusal: No',
    );
    expect(controversial).toMatchObject([{ category: 'sexual_content', score: 0.6, source: 'guard' }]);
    expect(() => parseQwen3GuardVerdict('I cannot help with that.')).toThrow(/no "Safety:" line/);
  });
});

/** A recorded-answer LanguageModel (local variant) and an OpenAI-compatible one over fake SSE (remote). */
function fakeLocal(answer: string) {
  const requests: unknown[] = [];
  const model: LanguageModel = {
    id: 'fake-guard',
    async *stream(request) {
      requests.push(request);
      yield { type: 'text-delta', text: answer };
      yield { type: 'finish', finishReason: 'stop' };
    },
  };
  return { model, requests };
}

function fakeRemote(answer: string) {
  const requests: unknown[] = [];
  const model = new OpenAICompatibleModel({
    baseUrl: 'http://guard.test/v1',
    model: 'guard',
    fetch: async (_url, init) => {
      requests.push(JSON.parse(String(init.body)));
      const chunk = JSON.stringify({
        choices: [{ index: 0, delta: { content: answer }, finish_reason: null }],
      });
      const done = JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      return new Response(`data: ${chunk}\n\ndata: ${done}\n\ndata: [DONE]\n\n`, {
        headers: { 'content-type': 'text/event-stream' },
      });
    },
  });
  return { model, requests };
}

const variants = { local: fakeLocal, remote: fakeRemote };

describe.each(Object.entries(variants))('guard model contract (%s LanguageModel)', (_name, make) => {
  it.each(Object.keys(VERDICTS) as GuardFamily[])(
    '%s: sends the exchange and maps the verdict',
    async (family) => {
      const { unsafe, safe, category } = VERDICTS[family];
      const flagged = make(unsafe);
      const guard = createGuardModel({ model: flagged.model, family });
      const hits = await guard.classify(
        { text: 'reply text', direction: 'output', previousUserText: 'user text' },
        new AbortController().signal,
      );
      expect(hits.map((hit) => hit.category)).toEqual([category]);
      expect(JSON.stringify(flagged.requests[0])).toContain('"user text"');
      expect(JSON.stringify(flagged.requests[0])).toContain('"reply text"');
      const clean = make(safe);
      expect(
        await createGuardModel({ model: clean.model, family }).classify(
          { text: 'hello', direction: 'input' },
          new AbortController().signal,
        ),
      ).toEqual([]);
    },
  );
});

describe('guard model on the embedded adapter (tiny random GGUF)', () => {
  const embedded = new EmbeddedModel({ modelPath: TINY_MODEL, contextSize: 256 });
  afterAll(async () => {
    await embedded.close?.();
  });

  it('an unparseable verdict fails closed on a suspected hard line, within the latency budget', async () => {
    const guard = createGuardModel({ model: embedded, family: 'llama_guard_3', maxTokens: 8 });
    // Random weights print nonsense: the parser refuses it and the cascade treats the guard as failed.
    // A named person's home address is only a privacy hint (a hard line, not conclusive) for the fast layers.
    const result = await moderate("what is jordan's home address?", {
      direction: 'input',
      actor: { ageVerified: true, nsfwOptIn: false, strikes: 0 },
      character: { rating: 'sfw', creatorVerified: true, minorCoded: false },
      cascade: {
        classifiers: [guard],
        timeoutMs: 60_000,
        hardLineTimeoutMs: 60_000,
        failClosed: HARD_LINE_CATEGORIES,
        band: { low: 0, high: 0.85 },
      },
    });
    expect(result.degraded).toBe(true);
    expect(result.decision).toMatchObject({ action: 'block', review: true });
  }, 120_000);
});
