import { extractFeatures, type SparseVector } from './features.js';
import { CLASSIFIER_LABELS, type ClassifierLabel, type LinearClassifier } from './model.js';
import { type TrainingRow, isCalibrationRow } from './training-data.js';

/**
 * Trains the shipped classifier: per-label logistic regression by SGD over hashed n-grams, with a
 * seeded shuffle and no other randomness, so the same rows give the same bytes on every machine
 * (IEEE doubles, one thread, fixed order). Thresholds come from the calibration split only.
 */
export interface TrainOptions {
  buckets: number;
  epochs: number;
  seed: number;
  learningRate: number;
  l2: number;
  /** Per-source sample weights: noisy or off-domain sources count less. */
  sourceWeights: Record<string, number>;
  /** Upper bound on the weight of a rare label's positives (sqrt of the class ratio below it). */
  maxPositiveWeight: number;
  /** Calibration precision a threshold must reach before its F1 counts. */
  minPrecision: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  buckets: 1 << 17,
  epochs: 8,
  seed: 20261203,
  learningRate: 2,
  l2: 1e-6,
  maxPositiveWeight: 20,
  // The rules already catch the obvious; a classifier hit that is wrong half the time costs more
  // over-blocking than its recall is worth, so thresholds below this calibration precision are skipped.
  minPrecision: 0.8,
  // Davidson's "offensive" tweets are labelled harassment wholesale (slang profanity, no target):
  // weighted down so they do not teach that every swear word is abuse.
  // The project's own rows are few but the only first-person self-harm and minors data: weighted up.
  sourceWeights: { davidson: 0.35, hearth: 4 },
};

/** Float weights before quantisation (bucket-major) and one bias per label. */
export interface FloatModel {
  buckets: number;
  weights: Float64Array;
  biases: Float64Array;
}

/** mulberry32: a tiny seeded PRNG; only used to shuffle. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainFloat(
  rows: readonly TrainingRow[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): FloatModel {
  const width = CLASSIFIER_LABELS.length;
  const features: SparseVector[] = rows.map((row) => extractFeatures(row.text, options.buckets));
  const targets = rows.map((row) => CLASSIFIER_LABELS.map((label) => (row.labels.includes(label) ? 1 : 0)));
  const positiveWeight = CLASSIFIER_LABELS.map((_label, index) => {
    const positives = targets.filter((target) => target[index] === 1).length;
    // Rare labels get their positives weighted up, capped so a handful of rows cannot dominate.
    return positives
      ? Math.min(options.maxPositiveWeight, Math.max(1, Math.sqrt((rows.length - positives) / positives)))
      : 1;
  });
  const sampleWeight = rows.map((row) => options.sourceWeights[row.source] ?? 1);
  const weights = new Float64Array(options.buckets * width);
  const biases = new Float64Array(width);
  const order = rows.map((_row, index) => index);
  const random = prng(options.seed);
  let step = 0;
  const total = options.epochs * rows.length;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (let index = order.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(random() * (index + 1));
      [order[index], order[swap]] = [order[swap], order[index]];
    }
    for (const rowIndex of order) {
      const rate = options.learningRate * (1 - step / total) + 0.01;
      step += 1;
      const { indices, values } = features[rowIndex];
      for (let label = 0; label < width; label += 1) {
        let z = biases[label];
        for (let feature = 0; feature < indices.length; feature += 1)
          z += weights[indices[feature] * width + label] * values[feature];
        const target = targets[rowIndex][label];
        const probability = 1 / (1 + Math.exp(-z));
        const gradient =
          (probability - target) * sampleWeight[rowIndex] * (target ? positiveWeight[label] : 1);
        if (Math.abs(gradient) < 1e-4) continue;
        biases[label] -= rate * gradient * 0.1;
        for (let feature = 0; feature < indices.length; feature += 1) {
          const at = indices[feature] * width + label;
          weights[at] -= rate * (gradient * values[feature] + options.l2 * weights[at]);
        }
      }
    }
  }
  return { buckets: options.buckets, weights, biases };
}

export function floatProbabilities(model: FloatModel, text: string): number[] {
  const width = CLASSIFIER_LABELS.length;
  const { indices, values } = extractFeatures(text, model.buckets);
  return CLASSIFIER_LABELS.map((_label, label) => {
    let z = model.biases[label];
    for (let feature = 0; feature < indices.length; feature += 1)
      z += model.weights[indices[feature] * width + label] * values[feature];
    return 1 / (1 + Math.exp(-z));
  });
}

/**
 * Per-label threshold maximising F1 on the calibration rows; labels with too few calibration
 * positives to choose from keep a conservative default.
 */
export function chooseThresholds(
  scored: readonly { probabilities: readonly number[]; labels: readonly ClassifierLabel[] }[],
  minPrecision: number,
  fallback = 0.6,
): number[] {
  return CLASSIFIER_LABELS.map((label, index) => {
    const positives = scored.filter((row) => row.labels.includes(label)).length;
    if (positives < 8) return fallback;
    let best = { threshold: fallback, f1: -1 };
    // Steps of 1/40 from 0.2 to 0.95, computed from integers so the stored value is the one tested.
    for (let step = 8; step <= 38; step += 1) {
      const threshold = step / 40;
      let tp = 0;
      let fp = 0;
      for (const row of scored) {
        if (row.probabilities[index] < threshold) continue;
        if (row.labels.includes(label)) tp += 1;
        else fp += 1;
      }
      if (tp === 0 || tp / (tp + fp) < minPrecision) continue;
      const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
      if (f1 > best.f1 + 1e-9) best = { threshold, f1 };
    }
    return best.threshold;
  });
}

/** int8 weights with one scale per label (max |w| → 127). */
export function quantise(model: FloatModel): { weights: Int8Array; scales: number[] } {
  const width = CLASSIFIER_LABELS.length;
  const scales = CLASSIFIER_LABELS.map((_label, label) => {
    let max = 0;
    for (let at = label; at < model.weights.length; at += width)
      max = Math.max(max, Math.abs(model.weights[at]));
    return max ? Number((max / 127).toPrecision(8)) : 1;
  });
  const weights = new Int8Array(model.weights.length);
  for (let at = 0; at < model.weights.length; at += 1)
    weights[at] = Math.max(-127, Math.min(127, Math.round(model.weights[at] / scales[at % width])));
  return { weights, scales };
}

/** The whole recipe: train on the training split, calibrate on the calibration split, quantise. */
export function buildClassifier(
  rows: readonly TrainingRow[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): LinearClassifier {
  const training = rows.filter((row) => !isCalibrationRow(row));
  const calibration = rows.filter(isCalibrationRow);
  const model = trainFloat(training, options);
  const thresholds = chooseThresholds(
    calibration.map((row) => ({ probabilities: floatProbabilities(model, row.text), labels: row.labels })),
    options.minPrecision,
  );
  const { weights, scales } = quantise(model);
  const sources: Record<string, number> = {};
  for (const row of rows) sources[row.source] = (sources[row.source] ?? 0) + 1;
  return {
    header: {
      format: 'hearth-safety-linear',
      version: 1,
      buckets: options.buckets,
      labels: [...CLASSIFIER_LABELS],
      scales,
      biases: [...model.biases].map((bias) => Number(bias.toPrecision(8))),
      thresholds,
      training: {
        seed: options.seed,
        epochs: options.epochs,
        rows: rows.length,
        training_rows: training.length,
        calibration_rows: calibration.length,
        sources: Object.fromEntries(Object.entries(sources).sort()),
      },
    },
    weights,
  };
}
