import fs from 'node:fs';
import { SHIPPED_WEIGHTS } from './classify.js';
import { flaggedHits, classifyFast } from '../fast-layer.js';
import { type FoldFigures, crossValidate, hashFolds, pooled, sourceFolds } from './cross-validate.js';
import { encodeClassifier } from './model.js';
import { DEFAULT_TRAIN_OPTIONS, buildClassifier } from './train.js';
import { readTrainingFile } from './training-data.js';

/** The project's own labelled rows (source `hearth`), always part of training. */
export const HEARTH_ROWS = new URL('./data/hearth.jsonl', import.meta.url);
export const DEFAULT_TRAINING_FILE = '../shared/data/safety/train/labelled.jsonl';

/**
 * `hearth safety train`: rebuilds the shipped weights from the labelled files (byte-identical for
 * the same rows: fixed seed, no clock, no thread pool). `--report` adds leave-one-source-out figures.
 */
export function runSafetyTrainCommand(options: { data?: string[]; out?: string; report?: boolean }): string {
  const files = options.data?.length ? options.data : [DEFAULT_TRAINING_FILE];
  for (const file of files) {
    if (!fs.existsSync(file)) throw new Error(`training file not found: ${file}`);
  }
  const rows = [
    ...files.flatMap((file) => readTrainingFile(file)),
    ...readTrainingFile(HEARTH_ROWS.pathname),
  ];
  const model = buildClassifier(rows, DEFAULT_TRAIN_OPTIONS);
  const bytes = encodeClassifier(model);
  const out = options.out ?? SHIPPED_WEIGHTS.pathname;
  fs.writeFileSync(out, bytes);
  const lines = [
    `wrote ${out} (${bytes.length} bytes) from ${rows.length} rows`,
    `thresholds ${model.header.labels.map((label, index) => `${label}=${model.header.thresholds[index]}`).join(' ')}`,
  ];
  if (options.report) lines.push(...generalisationReport(rows));
  return lines.join('\n');
}

/**
 * Leave-one-source-out plus 5-fold cross-validation over the project's own rows, for the classifier
 * alone and for rules + classifier (the default cascade). One JSON line per held-out set.
 */
function generalisationReport(rows: Parameters<typeof crossValidate>[0]): string[] {
  const folds = [...sourceFolds(rows), ...hashFolds('hearth')];
  const rules = (text: string) => flaggedHits(classifyFast(text)).length > 0;
  const lines: string[] = [];
  for (const [layers, extra] of [
    ['classifier', undefined],
    ['rules+classifier', rules],
  ] as const) {
    const figures = crossValidate(rows, folds, DEFAULT_TRAIN_OPTIONS, extra);
    const hearthFolds = figures.filter((figure) => figure.fold.startsWith('hearth:'));
    for (const figure of [
      ...figures.filter((f) => !hearthFolds.includes(f)),
      pooled('hearth:5-fold', hearthFolds),
    ])
      lines.push(JSON.stringify({ layers, ...withoutOutcomes(figure) }));
  }
  return lines;
}

function withoutOutcomes({ outcomes: _outcomes, ...figure }: FoldFigures): Omit<FoldFigures, 'outcomes'> {
  return figure;
}
