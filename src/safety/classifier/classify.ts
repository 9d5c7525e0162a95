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

/** Texts with fewer words than this are left to the rules. */
const MIN_WORDS = 3;

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
  const scores = model.header.labels.map((label, index) => ({
    label,
    probability: raw[index],
    score: calibratedScore(raw[index], model.header.thresholds[index]),
  }));
  // Sexual content involving minors is sexual content first: every such training row carries both
  // labels, so the minors score never exceeds the sexual one ("my little sister's first school day"
  // must not read as a hard line).
  const sexual = scores.find((entry) => entry.label === 'sexual');
  const minors = scores.find((entry) => entry.label === 'sexual_minors');
  if (sexual && minors) minors.score = Math.min(minors.score, sexual.score);
  return scores;
}

/** Category hits for the cascade, tagged `classifier` so policy can tell them from rule hits. */
export function classifyWithModel(
  text: string,
  model: LinearClassifier = shippedClassifier(),
): CategoryHit[] {
  // One or two words give a bag-of-n-grams model too little to go on ("Again" is not self-harm just
  // because relapse stories say it); short explicit phrases are the rule layer's job.
  if ((text.match(/[\p{L}\p{N}']+/gu)?.length ?? 0) < MIN_WORDS) return [];
  return scoreText(model, text)
    .filter((entry) => entry.score >= REPORT_FLOOR)
    .map((entry) => ({
      category: LABEL_CATEGORY[entry.label],
      score: Math.round(entry.score * 1000) / 1000,
      evidence: [{ rule: `classifier.${entry.label}`, start: 0, end: 0, text: entry.probability.toFixed(3) }],
      source: 'classifier' as const,
    }));
}
