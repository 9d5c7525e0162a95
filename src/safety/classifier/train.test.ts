import { describe, expect, it } from 'vitest';
import { decodeClassifier, encodeClassifier, probabilities } from './model.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  buildClassifier,
  chooseThresholds,
  floatProbabilities,
  trainFloat,
} from './train.js';
import type { TrainingRow } from './training-data.js';
import { isCalibrationRow } from './training-data.js';

const small = { ...DEFAULT_TRAIN_OPTIONS, buckets: 1 << 12, epochs: 6 };
const ROWS: TrainingRow[] = [];
for (let index = 0; index < 40; index += 1) {
  ROWS.push({ text: `i want to end my life, night ${index}`, labels: ['self_harm'], source: 'a' });
  ROWS.push({ text: `we baked bread together on day ${index}`, labels: [], source: 'b' });
  ROWS.push({ text: `you stupid idiot number ${index}`, labels: ['harassment'], source: 'a' });
}

describe('safety classifier training (issue 15 item 2)', () => {
  it('is reproducible byte for byte', () => {
    const first = encodeClassifier(buildClassifier(ROWS, small));
    const second = encodeClassifier(buildClassifier([...ROWS], small));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const reseeded = encodeClassifier(buildClassifier(ROWS, { ...small, seed: small.seed + 1 }));
    expect(Buffer.from(first).equals(Buffer.from(reseeded))).toBe(false);
  });

  it('round-trips the weight file and keeps the quantised model close to the float one', () => {
    const model = buildClassifier(ROWS, small);
    const decoded = decodeClassifier(encodeClassifier(model));
    expect(decoded.header).toEqual(model.header);
    const float = trainFloat(
      ROWS.filter((row) => !isCalibrationRow(row)),
      small,
    );
    for (const text of ['i want to end my life', 'we baked bread', 'you idiot']) {
      const quantised = probabilities(decoded, text);
      floatProbabilities(float, text).forEach((value, index) => {
        expect(Math.abs(value - quantised[index])).toBeLessThan(0.05);
      });
    }
  });

  it('learns the labels it was given', () => {
    const model = buildClassifier(ROWS, small);
    const selfHarm = model.header.labels.indexOf('self_harm');
    expect(probabilities(model, 'i want to end my life')[selfHarm]).toBeGreaterThan(
      model.header.thresholds[selfHarm],
    );
    expect(probabilities(model, 'we baked bread')[selfHarm]).toBeLessThan(model.header.thresholds[selfHarm]);
  });

  it('chooses thresholds on calibration rows only, under a precision floor', () => {
    const scored = [
      ...Array.from({ length: 10 }, () => ({
        probabilities: [0.9, 0, 0, 0, 0, 0, 0],
        labels: ['sexual' as const],
      })),
      ...Array.from({ length: 10 }, () => ({ probabilities: [0.5, 0, 0, 0, 0, 0, 0], labels: [] })),
    ];
    const [sexual, minors] = chooseThresholds(scored, 0.8);
    expect(sexual).toBeGreaterThan(0.5);
    expect(sexual).toBeLessThanOrEqual(0.9);
    // Too few positives to choose from: the conservative default.
    expect(minors).toBe(0.6);
  });
});
