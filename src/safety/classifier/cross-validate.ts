import { CLASSIFIER_LABELS } from './model.js';
import {
  type TrainOptions,
  DEFAULT_TRAIN_OPTIONS,
  chooseThresholds,
  floatProbabilities,
  trainFloat,
} from './train.js';
import { type TrainingRow, isCalibrationRow, textHash } from './training-data.js';

/**
 * Generalisation estimates. Leave-one-source-out: for each source, train and calibrate on every
 * other source and score the held-out one, so a source never helps pick its own weights or
 * thresholds. The project's own rows (`hearth`) are the only first-person self-harm and minors
 * data, so they are also scored by 5-fold cross-validation (each fold held out in turn, everything
 * else trained on): leaving all of them out at once would measure a classifier that never saw a
 * first-person message.
 */
export interface FoldFigures {
  fold: string;
  rows: number;
  unsafe: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  /** Recall per label on the held-out rows (labels they have). */
  recall_by_label: Record<string, number>;
  /** Per-row outcomes, for pooling folds; not printed. */
  outcomes?: { labels: readonly string[]; flagged: boolean }[];
}

export interface Fold {
  name: string;
  isHeldOut(row: TrainingRow): boolean;
}

export function sourceFolds(rows: readonly TrainingRow[]): Fold[] {
  return [...new Set(rows.map((row) => row.source))]
    .sort()
    .map((source) => ({ name: `source:${source}`, isHeldOut: (row) => row.source === source }));
}

export function hashFolds(source: string, count = 5): Fold[] {
  return Array.from({ length: count }, (_unused, fold) => ({
    name: `${source}:fold${fold + 1}`,
    // Salted so the folds do not line up with the calibration split (also a text-hash fifth).
    isHeldOut: (row) => row.source === source && textHash(`fold:${row.text}`) % count === fold,
  }));
}

export function crossValidate(
  rows: readonly TrainingRow[],
  folds: readonly Fold[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
  detectExtra: (text: string) => boolean = () => false,
): FoldFigures[] {
  return folds.map((fold) => {
    const rest = rows.filter((row) => !fold.isHeldOut(row));
    const model = trainFloat(
      rest.filter((row) => !isCalibrationRow(row)),
      options,
    );
    const thresholds = chooseThresholds(
      rest
        .filter(isCalibrationRow)
        .map((row) => ({ probabilities: floatProbabilities(model, row.text), labels: row.labels })),
      options.minPrecision,
    );
    const held = rows.filter(fold.isHeldOut);
    return {
      fold: fold.name,
      ...score(
        held.map((row) => {
          const probabilities = floatProbabilities(model, row.text);
          const flagged =
            probabilities.some((value, index) => value >= thresholds[index]) || detectExtra(row.text);
          return { labels: row.labels, flagged };
        }),
      ),
    };
  });
}

/** Sums the folds of one kind (e.g. the five hearth folds) into one figure. */
export function pooled(name: string, figures: readonly FoldFigures[]): FoldFigures {
  const outcomes = figures.flatMap((figure) => figure.outcomes ?? []);
  return { fold: name, ...score(outcomes) };
}

function score(outcomes: { labels: readonly string[]; flagged: boolean }[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const labelHits: Record<string, [number, number]> = {};
  for (const { labels, flagged } of outcomes) {
    const unsafe = labels.length > 0;
    if (unsafe && flagged) tp += 1;
    else if (unsafe) fn += 1;
    else if (flagged) fp += 1;
    else tn += 1;
    for (const label of labels) {
      const counts = labelHits[label] ?? [0, 0];
      labelHits[label] = counts;
      counts[1] += 1;
      if (flagged) counts[0] += 1;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    rows: outcomes.length,
    unsafe: tp + fn,
    precision: round(precision),
    recall: round(recall),
    f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    fpr: round(fp + tn ? fp / (fp + tn) : 0),
    recall_by_label: Object.fromEntries(
      CLASSIFIER_LABELS.filter((label) => labelHits[label]).map((label) => [
        label,
        round(labelHits[label][0] / labelHits[label][1]),
      ]),
    ),
    outcomes,
  };
}
