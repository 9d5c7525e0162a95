import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmbeddingModel } from '../../providers/spec.js';
import { runMemoryEvalCommand } from './command.js';
import { chooseFolds } from './leave-one-out.js';
import type { QuestionOutcome } from './metrics.js';

/** One question whose evidence the block held (`found`) or not. */
function outcome(found: boolean, category = 4): QuestionOutcome {
  return {
    category,
    evidence: ['D1:1'],
    rankedSources: [],
    blockSources: found ? ['D1:1'] : [],
    blockTokens: 0,
    latencyMs: 0,
  };
}

const share = (list: QuestionOutcome[]) => list.filter((o) => o.blockSources.length > 0).length / list.length;

describe('leave-one-conversation-out', () => {
  it('chooses each fold on the other conversations only, and keeps the held-out outcomes of that choice', () => {
    // Setting 0 is perfect on conversation A alone; setting 1 is better on B and C.
    const outcomes = [
      [
        [outcome(true), outcome(true)],
        [outcome(false), outcome(false)],
        [outcome(false), outcome(false)],
      ],
      [
        [outcome(false), outcome(false)],
        [outcome(true), outcome(false)],
        [outcome(true), outcome(true)],
      ],
    ];
    const { folds, heldOut } = chooseFolds(
      outcomes,
      ['A', 'B', 'C'],
      [{ weights: {} }, { weights: { dense: 0.4 } }],
      share,
    );
    // Held out A: chosen on B and C → setting 1, which misses everything in A (in-sample would pick 0).
    expect(folds[0]).toMatchObject({
      heldOut: 'A',
      chosen: 1,
      trainRecallInBudget: 0.75,
      heldOutRecallInBudget: 0,
    });
    // Held out B: on A and C both settings score 0.5; the tie keeps the first (the defaults).
    expect(folds[1]).toMatchObject({ heldOut: 'B', chosen: 0, heldOutRecallInBudget: 0 });
    // Held out C: on A and B setting 0 wins (0.5 against 0.25), though setting 1 is perfect on C.
    expect(folds[2]).toMatchObject({
      heldOut: 'C',
      chosen: 0,
      trainRecallInBudget: 0.5,
      heldOutRecallInBudget: 0,
    });
    expect(heldOut).toEqual([...outcomes[1][0], ...outcomes[0][1], ...outcomes[0][2]]);
  });

  it('`memory eval --loo --json` reports the held-out figure, categories by name and one fold per file', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-loo-'));
    const files = ['x', 'y'].map((name, index) => {
      const file = path.join(directory, `${name}.json`);
      const pet = ['greyhound', 'parrot'][index];
      fs.writeFileSync(
        file,
        JSON.stringify({
          speaker_a: 'Ana',
          speaker_b: 'Ben',
          session_1_date_time: '9:15 am on 3 March, 2024',
          session_1: [
            { speaker: 'Ana', dia_id: 'D1:1', text: `I adopted a ${pet} last week!` },
            { speaker: 'Ben', dia_id: 'D1:2', text: 'How is work at the observatory?' },
          ],
          qa: [
            {
              question: `When did Ana adopt the ${pet}?`,
              answer: 'March 2024',
              evidence: ['D1:1'],
              category: 2,
            },
            { question: 'Does Ben own a cat?', adversarial_answer: 'no', evidence: ['D1:2'], category: 5 },
          ],
        }),
      );
      return file;
    });
    const embedder: EmbeddingModel = {
      id: 'fake-zero',
      dimensions: 4,
      embed: async (texts) => texts.map(() => new Float32Array(4)),
    };
    const report = JSON.parse(
      await runMemoryEvalCommand(
        files,
        { k: '1,10', budget: '1500', mode: 'raw', loo: true, json: true },
        { embedder },
      ),
    );
    expect(report.mode).toBe('leave-one-conversation-out');
    expect(report.questions).toBe(2);
    expect(report.recall_in_budget).toBe(1);
    expect(Object.keys(report.by_category)).toEqual([
      'multi-hop',
      'temporal',
      'open-domain',
      'single-hop',
      'adversarial',
    ]);
    expect(report.by_category.temporal.questions).toBe(2);
    expect(report.by_category.adversarial.questions).toBe(2);
    expect(report.folds.map((fold: { heldOut: string }) => fold.heldOut)).toEqual(['x.json', 'y.json']);
    await expect(
      runMemoryEvalCommand(files, { k: '10', budget: '1500', mode: 'extracted', loo: true }, { embedder }),
    ).rejects.toThrow('--loo runs on raw turns');
  });
});
