import fs from 'node:fs';
import { z } from 'zod';
import { CLASSIFIER_LABELS, type ClassifierLabel } from './model.js';

/** One labelled row of `labelled.jsonl` (or the project's own `data/hearth.jsonl`). */
export interface TrainingRow {
  text: string;
  labels: ClassifierLabel[];
  source: string;
}

const rowSchema = z.object({
  text: z.string().min(1),
  labels: z.array(z.string()),
  source: z.string().min(1),
});

/** Reads JSONL training rows; labels outside the classifier's set (e.g. `unsafe_other`) are dropped. */
export function readTrainingFile(file: string): TrainingRow[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const rows: TrainingRow[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const parsed = rowSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: expected {text, labels, source}`);
    const labels = parsed.data.labels.filter((label): label is ClassifierLabel =>
      (CLASSIFIER_LABELS as readonly string[]).includes(label),
    );
    rows.push({ text: parsed.data.text, labels, source: parsed.data.source });
  });
  return rows;
}

/** A fifth of rows, picked by a hash of the text (not the file order), calibrate the thresholds. */
export function isCalibrationRow(row: { text: string }): boolean {
  return textHash(row.text) % 5 === 0;
}

/** FNV-1a of the text: a split that does not depend on file order. */
export function textHash(text: string): number {
  let h = 2166136261;
  for (let index = 0; index < text.length; index += 1) h = Math.imul(h ^ text.charCodeAt(index), 16777619);
  return h >>> 0;
}
