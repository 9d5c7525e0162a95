import fs from 'node:fs';
import type { CategoryHit } from '../taxonomy.js';
import {
  type ClassifierLabel,
  LABEL_CATEGORY,
  type LinearClassifier,
  calibratedScore,
  decodeClassifier,
  probabilities,
} from './model.js';

/** The committed weights (rebuilt by `hearth safety train`; see weights/README.md). */
export const SHIPPED_WEIGHTS = new URL('./weights/hearth-safety-linear.bin', import.meta.url);

/** Scores below this are not reported at all (they would only add noise to review items). */
const REPORT_FLOOR = 0.2;

let shipped: LinearClassifier | undefined;

/** Loads the shipped weights once (≈ 1 MB, a few ms); later calls reuse them. */
export function shippedClassifier(): LinearClassifier {
  shipped ??= decodeClassifier(new Uint8Array(fs.readFileSync(SHIPPED_WEIGHTS)));
  return shipped;
}

export interface ClassifierScore {
  label: ClassifierLabel;
  probability: number;
  /** On the cascade's scale: ≥ 0.5 exactly when the probability reaches the label's threshold. */
  score: number;
}

export function scoreText(model: LinearClassifier, text: string): ClassifierScore[] {
  const raw = probabilities(model, text);
  return model.header.labels.map((label, index) => ({
    label,
    probability: raw[index],
    score: calibratedScore(raw[index], model.header.thresholds[index]),
  }));
}

/** Category hits for the cascade, tagged `classifier` so policy can tell them from rule hits. */
export function classifyWithModel(
  text: string,
  model: LinearClassifier = shippedClassifier(),
): CategoryHit[] {
  return scoreText(model, text)
    .filter((entry) => entry.score >= REPORT_FLOOR)
    .map((entry) => ({
      category: LABEL_CATEGORY[entry.label],
      score: Math.round(entry.score * 1000) / 1000,
      evidence: [{ rule: `classifier.${entry.label}`, start: 0, end: 0, text: entry.probability.toFixed(3) }],
      source: 'classifier' as const,
    }));
}
