import { migrateToLatest, openDb } from '../../db/index.js';
import type { EmbeddingModel, TokenCounter } from '../../providers/spec.js';
import { buildMemoryBlock } from '../memory-block.js';
import type { Partition } from '../partition.js';
import { type FusionWeights, rankMemories } from '../recall.js';
import { estimateTokens } from '../text.js';
import { createBruteForceScorer } from '../vector-scorer.js';
import type { LocomoConversation } from './locomo.js';
import { type MetricSummary, type QuestionOutcome, summarize } from './metrics.js';
import { createPartition, ingestRaw, movableClock } from './run-eval.js';

/** LoCoMo's category numbers, by name (the eval's other reports use the numbers). */
export const CATEGORY_NAMES: Record<string, string> = {
  '1': 'multi-hop',
  '2': 'temporal',
  '3': 'open-domain',
  '4': 'single-hop',
  '5': 'adversarial',
};

/**
 * The settings the loop chooses among, fixed before any measurement: the recall defaults, neighbours
 * of three weights the defaults were tuned on (query expansion, dense retrieval, neighbour turns), each
 * with the block's former (5 sentences) and current (3) shortening of long utterances. The figure is honest because
 * each fold picks its setting without the held-out conversation, not because this list is small.
 */
export interface LooSetting {
  weights: Partial<FusionWeights>;
  /** Sentences above which a moment's utterance is shortened around the question (compact-moment.ts). */
  longUtterance?: number;
}

export const LOO_GRID: LooSetting[] = [
  { weights: {}, longUtterance: 5 },
  { weights: { expansion: 0.25 }, longUtterance: 5 },
  { weights: { dense: 0.4 }, longUtterance: 5 },
  { weights: { neighbour: 1 }, longUtterance: 5 },
  { weights: {}, longUtterance: 3 },
  { weights: { expansion: 0.25 }, longUtterance: 3 },
  { weights: { dense: 0.4 }, longUtterance: 3 },
  { weights: { neighbour: 1 }, longUtterance: 3 },
];

export interface LooFold {
  heldOut: string;
  /** The setting chosen on the other conversations (index into the grid, and the weights). */
  chosen: number;
  setting: LooSetting;
  /** In-block recall of the chosen setting on the conversations it was chosen on (categories 1–4). */
  trainRecallInBudget: number;
  /** Measured on the held-out conversation (categories 1–4). */
  heldOutRecallInBudget: number;
}

export interface LooReport extends MetricSummary {
  mode: 'leave-one-conversation-out';
  /** Held-out outcomes of every fold pooled, by category name (adversarial included, reported apart). */
  by_category: Record<string, MetricSummary>;
  folds: LooFold[];
  grid: LooSetting[];
}

export interface LooOptions {
  ks: number[];
  budget: number;
  embedder: EmbeddingModel;
  countTokens?: TokenCounter;
  grid?: LooSetting[];
  log?: (line: string) => void;
}

const isAnswerable = (outcome: QuestionOutcome) => outcome.category >= 1 && outcome.category <= 4;

/**
 * `hearth memory eval --loo`: leave-one-conversation-out validation of in-block recall. Every
 * conversation is ingested once (raw turns, its own partition); each grid setting answers every
 * question; then for each conversation the setting with the best in-block recall on the OTHER
 * conversations is chosen and its outcomes on the held-out one are kept. The pooled held-out outcomes
 * are the reported figure: no constant is chosen on the questions it is measured on.
 */
export async function runLeaveOneOut(
  conversations: LocomoConversation[],
  options: LooOptions,
): Promise<LooReport> {
  if (conversations.length < 2) throw new Error('--loo needs at least two conversations');
  const grid = options.grid ?? LOO_GRID;
  const countTokens = options.countTokens ?? estimateTokens;
  const db = openDb({ sqlitePath: ':memory:' });
  await migrateToLatest(db.kysely);
  const clock = movableClock();
  const deps = { db, clock, embedder: options.embedder, scorer: createBruteForceScorer(db) };
  // outcomes[setting][conversation]
  const outcomes: QuestionOutcome[][][] = grid.map(() => []);
  try {
    const partitions: Partition[] = [];
    for (const conversation of conversations) {
      const partition = await createPartition(db, conversation.name, clock);
      await ingestRaw(deps, partition, conversation, clock);
      partitions.push(partition);
    }
    for (const [setting, { weights, longUtterance }] of grid.entries()) {
      for (const [index, conversation] of conversations.entries()) {
        // Questions are asked "now" = the last session, as the in-sample eval does.
        const last = conversation.sessions.at(-1);
        if (last) clock.set(last.startedAt);
        const asked: QuestionOutcome[] = [];
        for (const question of conversation.questions) {
          const start = performance.now();
          const ranked = await rankMemories(deps, partitions[index], question.question, {
            limit: Math.max(...options.ks, 60),
            weights,
          });
          const block = buildMemoryBlock(ranked, [], options.budget, countTokens, { longUtterance });
          asked.push({
            category: question.category,
            evidence: question.evidence,
            rankedSources: ranked.map((entry) => JSON.parse(entry.item.source_message_ids) as string[]),
            blockSources: block.included.flatMap((item) => JSON.parse(item.source_message_ids) as string[]),
            blockTokens: block.tokens,
            latencyMs: performance.now() - start,
          });
        }
        outcomes[setting][index] = asked;
      }
      options.log?.(`setting ${setting} ${JSON.stringify(grid[setting])} asked`);
    }
  } finally {
    await db.close();
  }
  const { folds, heldOut } = chooseFolds(
    outcomes,
    conversations.map((conversation) => conversation.name),
    grid,
    (list) => summarize(list.filter(isAnswerable), options.ks, options.budget).recall_in_budget,
  );
  return {
    mode: 'leave-one-conversation-out',
    ...summarize(heldOut.filter(isAnswerable), options.ks, options.budget),
    by_category: Object.fromEntries(
      Object.entries(CATEGORY_NAMES).map(([number, name]) => [
        name,
        summarize(
          heldOut.filter((outcome) => outcome.category === Number(number)),
          options.ks,
          options.budget,
        ),
      ]),
    ),
    folds,
    grid,
  };
}

/**
 * For each conversation, the setting that scores best on all the OTHER conversations' outcomes
 * (`outcomes[setting][conversation]`), and that setting's outcomes on the held-out one. Ties keep the
 * earlier setting (the defaults come first).
 */
export function chooseFolds(
  outcomes: QuestionOutcome[][][],
  names: string[],
  grid: LooSetting[],
  score: (outcomes: QuestionOutcome[]) => number,
): { folds: LooFold[]; heldOut: QuestionOutcome[] } {
  const folds: LooFold[] = [];
  const heldOut: QuestionOutcome[] = [];
  for (const [index, name] of names.entries()) {
    const others = (setting: number) => outcomes[setting].filter((_, other) => other !== index).flat();
    let chosen = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let setting = 0; setting < grid.length; setting += 1) {
      const value = score(others(setting));
      if (value > best) {
        best = value;
        chosen = setting;
      }
    }
    heldOut.push(...outcomes[chosen][index]);
    folds.push({
      heldOut: name,
      chosen,
      setting: grid[chosen],
      trainRecallInBudget: best,
      heldOutRecallInBudget: score(outcomes[chosen][index]),
    });
  }
  return { folds, heldOut };
}

export function formatLooReport(report: LooReport): string {
  const lines = [
    `memory eval, leave-one-conversation-out (raw; budget ${report.budget_tokens} tokens; ${report.grid.length} settings)`,
    `held-out in-block recall ${report.recall_in_budget.toFixed(3)} (categories 1-4, ${report.questions} questions), ` +
      `recall@10 ${(report.recall['10'] ?? 0).toFixed(3)}, MRR ${report.mrr.toFixed(3)}`,
    '',
    'by category (held out):',
    ...Object.entries(report.by_category).map(
      ([name, summary]) =>
        `  ${name.padEnd(12)} ${String(summary.questions).padStart(4)}  in block ${summary.recall_in_budget.toFixed(3)}  R@10 ${(summary.recall['10'] ?? 0).toFixed(3)}`,
    ),
    '',
    'folds (setting chosen on the other conversations):',
    ...report.folds.map(
      (fold) =>
        `  ${fold.heldOut.padEnd(10)} setting ${fold.chosen} ${JSON.stringify(fold.setting)}  train ${fold.trainRecallInBudget.toFixed(3)}  held out ${fold.heldOutRecallInBudget.toFixed(3)}`,
    ),
  ];
  return lines.join('\n');
}
