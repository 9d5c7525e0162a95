import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, EmbeddingModel } from '../../providers/spec.js';
import { factsJson, fakeLanguageModel } from '../../../test/memory/fake-models.js';
import { runMemoryEvalCommand } from './command.js';
import { parseLocomo, parseSessionDate } from './locomo.js';

/** A tiny conversation in LoCoMo's layout, written for this test. */
const conversation = {
  speaker_a: 'Ana',
  speaker_b: 'Ben',
  session_1_date_time: '9:15 am on 3 March, 2024',
  session_1: [
    { speaker: 'Ana', dia_id: 'D1:1', text: 'I adopted a greyhound called Pixel last week!' },
    { speaker: 'Ben', dia_id: 'D1:2', text: 'Lovely, greyhounds are gentle dogs.' },
    { speaker: 'Ana', dia_id: 'D1:3', text: 'Work has been busy at the observatory.' },
    { speaker: 'Ben', dia_id: 'D1:4', text: 'Telescopes all night?' },
  ],
  session_2_date_time: '6:40 pm on 12 April, 2024',
  session_2: [
    {
      speaker: 'Ana',
      dia_id: 'D2:1',
      text: 'I ran my first half marathon on Sunday.',
      blip_caption: 'a runner at a finish line',
    },
    { speaker: 'Ben', dia_id: 'D2:2', text: 'Congratulations, what was your time?' },
  ],
  qa: [
    { question: 'What is the name of Ana’s greyhound?', answer: 'Pixel', evidence: ['D1:1'], category: 4 },
    { question: 'Where does Ana work?', answer: 'observatory', evidence: ['D1:3'], category: 1 },
    { question: 'When did Ana run a half marathon?', answer: 'April 2024', evidence: ['D2:1'], category: 2 },
    { question: 'What is Ben’s cat called?', adversarial_answer: 'none', evidence: [], category: 5 },
  ],
};

const wordEmbedder: EmbeddingModel = {
  id: 'fake-letters',
  dimensions: 26,
  async embed(texts) {
    return texts.map((text) => {
      const vector = new Float32Array(26);
      for (const char of text.toLowerCase())
        if (char >= 'a' && char <= 'z') vector[char.charCodeAt(0) - 97] += 1;
      return vector;
    });
  },
};

describe('LoCoMo parsing', () => {
  it('reads session dates and splits joined evidence ids', () => {
    expect(parseSessionDate('1:05 pm on 9 June, 2023')).toBe('2023-06-09T13:05:00.000Z');
    expect(parseSessionDate('12:30 am on 1 January, 2022')).toBe('2022-01-01T00:30:00.000Z');
    const parsed = parseLocomo('x', {
      ...conversation,
      qa: [{ question: 'q', evidence: ['D1:1; D2:1'], category: 1 }],
    });
    expect(parsed.questions[0].evidence).toEqual(['D1:1', 'D2:1']);
    expect(parsed.sessions.map((session) => session.turns.length)).toEqual([4, 2]);
    expect(parsed.sessions[1].turns[0].text).toContain('[shares a photo: a runner at a finish line]');
  });
});

describe('hearth memory eval', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-eval-')), 'conv.json');
  fs.writeFileSync(file, JSON.stringify(conversation));

  it('prints exactly one JSON object with recall, budget recall, MRR, latency, categories and the baseline', async () => {
    const output = await runMemoryEvalCommand(
      [file],
      { k: '1,5,10,20', budget: '1500', mode: 'raw', json: true },
      { embedder: wordEmbedder },
    );
    const report = JSON.parse(output);
    expect(report.questions).toBe(3);
    expect(Object.keys(report.recall)).toEqual(['1', '5', '10', '20']);
    expect(report.recall['10']).toBe(1);
    expect(report.recall_in_budget).toBe(1);
    expect(report.budget_tokens).toBe(1500);
    expect(report.mrr).toBeGreaterThan(0.5);
    expect(report.latency_ms.p95).toBeGreaterThanOrEqual(report.latency_ms.p50);
    expect(Object.keys(report.by_category)).toEqual(['1', '2', '3', '4']);
    expect(report.by_category['4'].recall['1']).toBe(1);
    expect(report.category_5.questions).toBe(0);
    expect(Object.keys(report.baseline_bm25)).toEqual(
      expect.arrayContaining(['recall', 'recall_in_budget', 'mrr']),
    );
  });

  it('prints a table by default and rejects bad options', async () => {
    const table = await runMemoryEvalCommand(
      [file],
      { k: '1,5', budget: '200', mode: 'raw' },
      { embedder: wordEmbedder },
    );
    expect(table).toContain('baseline bm25 (turns)');
    expect(table).toContain('R@200t');
    await expect(
      runMemoryEvalCommand([file], { k: 'x', budget: '1500', mode: 'raw' }, { embedder: wordEmbedder }),
    ).rejects.toThrow(/--k/);
    await expect(
      runMemoryEvalCommand([file], { k: '5', budget: '1500', mode: 'extracted' }, { embedder: wordEmbedder }),
    ).rejects.toThrow(/needs a configured language model/);
  });

  it('--mode extracted --judge: facts through the model, then LLM-judged answer accuracy by category', async () => {
    const textOf = (request: ChatRequest, role: string) =>
      request.messages
        .filter((message) => message.role === role)
        .map((message) => message.content)
        .join('\n');
    // One fake model plays extractor, answerer and judge, told apart by their instructions.
    const model = fakeLanguageModel([
      (request) => {
        const system = textOf(request, 'system');
        const user = textOf(request, 'user');
        if (system.includes('You grade answers')) {
          const gold = /Gold answer: (.*)/.exec(user)?.[1] ?? '';
          const generated = /Generated answer: (.*)/.exec(user)?.[1] ?? '';
          return generated.toLowerCase().includes(gold.toLowerCase()) ? 'CORRECT' : 'WRONG.';
        }
        if (system.includes('You answer questions')) {
          if (user.includes('Pixel') && user.includes('greyhound?')) return 'Her greyhound is Pixel.';
          if (user.includes('observatory') && user.includes('work?')) return 'At the observatory';
          return 'unknown';
        }
        return user.includes('greyhound called Pixel')
          ? factsJson([{ text: 'Ana has a greyhound named Pixel.', importance: 6 }])
          : factsJson([]);
      },
    ]);
    const output = await runMemoryEvalCommand(
      [file],
      { k: '5', budget: '1500', mode: 'extracted', judge: true, json: true },
      { embedder: wordEmbedder, model },
    );
    const report = JSON.parse(output);
    expect(report.mode).toBe('extracted');
    expect(report.judge).toEqual({
      questions: 3,
      accuracy: 0.6667,
      by_category: {
        '1': { questions: 1, accuracy: 1 },
        '2': { questions: 1, accuracy: 0 },
        '3': { questions: 0, accuracy: 0 },
        '4': { questions: 1, accuracy: 1 },
      },
    });
    // The extracted fact is a memory unit the answerer saw.
    const answerPrompts = model.requests.filter((request) =>
      textOf(request, 'system').includes('You answer'),
    );
    expect(
      answerPrompts.some((request) => textOf(request, 'user').includes('Ana has a greyhound named Pixel.')),
    ).toBe(true);

    const table = await runMemoryEvalCommand(
      [file],
      { k: '5', budget: '1500', mode: 'raw', judge: true },
      { embedder: wordEmbedder, model },
    );
    expect(table).toContain('LLM-judged answer accuracy: 0.667 of 3');
    await expect(
      runMemoryEvalCommand(
        [file],
        { k: '5', budget: '1500', mode: 'raw', judge: true },
        { embedder: wordEmbedder },
      ),
    ).rejects.toThrow(/--judge needs a configured language model/);
  });
});
