import type { Category } from '../taxonomy.js';
import { extractFeatures } from './features.js';

/**
 * The shipped linear classifier: one logistic regression per label over hashed n-grams, weights
 * quantised to int8 with one scale per label. File layout (little-endian):
 *   "HSCL" · u32 header length · UTF-8 JSON header · int8 weights, bucket-major ([bucket][label])
 * Bucket-major keeps one feature's weights for every label in neighbouring bytes (one cache line).
 */
export const CLASSIFIER_LABELS = [
  'sexual',
  'sexual_minors',
  'hate',
  'harassment',
  'self_harm',
  'violence',
  'illicit',
] as const;
export type ClassifierLabel = (typeof CLASSIFIER_LABELS)[number];

/** Training labels → the taxonomy every layer speaks. */
export const LABEL_CATEGORY: Record<ClassifierLabel, Category> = {
  sexual: 'sexual_content',
  sexual_minors: 'child_sexual_exploitation',
  hate: 'hate',
  harassment: 'harassment',
  self_harm: 'self_harm',
  violence: 'violent_crimes',
  illicit: 'non_violent_crimes',
};

export interface ClassifierHeader {
  format: 'hearth-safety-linear';
  version: 1;
  buckets: number;
  labels: ClassifierLabel[];
  scales: number[];
  biases: number[];
  /** Per-label probability thresholds chosen on the calibration split. */
  thresholds: number[];
  /** Provenance: sources and row counts the weights were trained on. */
  training: Record<string, unknown>;
}

export interface LinearClassifier {
  header: ClassifierHeader;
  /** int8 weights, bucket-major. */
  weights: Int8Array;
}

const MAGIC = 'HSCL';

export function encodeClassifier(model: LinearClassifier): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify(model.header));
  const out = new Uint8Array(8 + header.length + model.weights.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  out.set(
    new Uint8Array(model.weights.buffer, model.weights.byteOffset, model.weights.length),
    8 + header.length,
  );
  return out;
}

export function decodeClassifier(bytes: Uint8Array): LinearClassifier {
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC)
    throw new Error('not a Hearth safety classifier file');
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as ClassifierHeader;
  if (header.format !== 'hearth-safety-linear' || header.version !== 1)
    throw new Error(`unsupported classifier format ${header.format} v${header.version}`);
  const weights = new Int8Array(
    bytes.buffer,
    bytes.byteOffset + 8 + length,
    header.buckets * header.labels.length,
  );
  return { header, weights };
}

/** Raw probabilities per label, in header label order. */
export function probabilities(model: LinearClassifier, text: string): Float64Array {
  const { buckets, labels, scales, biases } = model.header;
  const width = labels.length;
  const sums = new Float64Array(width);
  const features = extractFeatures(text, buckets);
  for (let index = 0; index < features.indices.length; index += 1) {
    const base = features.indices[index] * width;
    const value = features.values[index];
    for (let label = 0; label < width; label += 1) sums[label] += model.weights[base + label] * value;
  }
  for (let label = 0; label < width; label += 1)
    sums[label] = 1 / (1 + Math.exp(-(biases[label] + scales[label] * sums[label])));
  return sums;
}

/**
 * Maps a probability onto the cascade's score scale so that the label's calibrated threshold lands
 * exactly on FLAG_THRESHOLD (0.5): policy and eval then treat every layer's scores alike.
 */
export function calibratedScore(probability: number, threshold: number): number {
  if (probability >= threshold) return 0.5 + (0.5 * (probability - threshold)) / (1 - threshold || 1);
  return (0.5 * probability) / (threshold || 1);
}
