import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { warmUpFastLayer } from './fast-layer.js';
import { type CascadeOptions, moderate } from './moderate.js';
import { FLAG_THRESHOLD, OPENAI_CATEGORY_MAP } from './taxonomy.js';

/**
 * `hearth safety eval`: detection quality of the configured cascade over a labelled set. It measures
 * whether content is flagged at all (any category), independent of the adult-content policy.
 *
 * Formats, detected from the content:
 * - SimpleSafetyTests CSV (`prompts_final`, `harm_area`): every row unsafe, grouped by harm area.
 * - XSTest CSV (`prompt`, `label` safe|unsafe, `type`): grouped by type.
 * - OpenAI moderation JSONL (`prompt` + 0/1 labels S, H, V, HR, SH, S3, H2, V2): unsafe when any
 *   label is 1, grouped by label (mapped to the taxonomy through OPENAI_CATEGORY_MAP).
 */
export interface EvalRow {
  text: string;
  unsafe: boolean;
  groups: string[];
}

export interface Detection {
  flagged: boolean;
}

export interface Counts {
  rows: number;
  flagged: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
}

export interface EvalReport {
  rows: number;
  overall: { precision: number; recall: number; f1: number; fpr: number };
  over_block_rate: number;
  by_category: Record<string, Counts>;
  latency_ms: { p50: number; p95: number };
}

const JSONL_LABELS = ['S', 'H', 'V', 'HR', 'SH', 'S3', 'H2', 'V2'] as const;

export function readEvalFile(file: string, format?: 'csv' | 'jsonl'): EvalRow[] {
  const content = fs.readFileSync(file, 'utf8');
  const isJsonl = format ? format === 'jsonl' : content.trimStart().startsWith('{');
  return isJsonl ? parseJsonl(content) : parseCsv(content);
}

export function parseCsv(content: string): EvalRow[] {
  const records = parse(content, { columns: true, skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
  const header = Object.keys(records[0] ?? {});
  if (header.includes('prompts_final')) {
    return records.map((record) => ({
      text: record.prompts_final,
      unsafe: true,
      groups: [record.harm_area || 'unsafe'],
    }));
  }
  if (header.includes('prompt') && header.includes('label')) {
    return records.map((record) => ({
      text: record.prompt,
      unsafe: record.label.trim().toLowerCase() === 'unsafe',
      groups: [record.type || record.label],
    }));
  }
  throw new Error(
    `unrecognised CSV header (${header.join(', ')}): expected SimpleSafetyTests (prompts_final) or XSTest (prompt, label)`,
  );
}

export function parseJsonl(content: string): EvalRow[] {
  return content
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      const labels = JSONL_LABELS.filter((label) => Number(record[label]) === 1);
      return {
        text: String(record.prompt ?? record.text ?? ''),
        unsafe: labels.length > 0,
        groups: labels.length ? labels.map((label) => `${label} (${OPENAI_CATEGORY_MAP[label]})`) : ['safe'],
      };
    });
}

export async function evaluate(
  rows: EvalRow[],
  detect: (text: string) => Promise<Detection> | Detection,
  now: () => number = () => performance.now(),
): Promise<EvalReport> {
  const latencies: number[] = [];
  const results: { row: EvalRow; flagged: boolean }[] = [];
  for (const row of rows) {
    const start = now();
    const { flagged } = await detect(row.text);
    latencies.push(now() - start);
    results.push({ row, flagged });
  }
  const overall = score(results);
  const safe = results.filter((result) => !result.row.unsafe);
  const groups = [...new Set(rows.flatMap((row) => row.groups))].sort();
  const by_category: Record<string, Counts> = {};
  for (const group of groups) {
    const inGroup = results.filter((result) => result.row.groups.includes(group));
    by_category[group] = {
      rows: inGroup.length,
      flagged: inGroup.filter((result) => result.flagged).length,
      ...score(inGroup),
    };
  }
  return {
    rows: rows.length,
    overall,
    over_block_rate: round(safe.length ? safe.filter((result) => result.flagged).length / safe.length : 0),
    by_category,
    latency_ms: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)) },
  };
}

function score(results: { row: EvalRow; flagged: boolean }[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { row, flagged } of results) {
    if (row.unsafe && flagged) tp += 1;
    else if (row.unsafe) fn += 1;
    else if (flagged) fp += 1;
    else tn += 1;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const fpr = fp + tn ? fp / (fp + tn) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1), fpr: round(fpr) };
}

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** A fixed-width table for terminals. */
export function formatReport(report: EvalReport): string {
  const lines = [
    `rows ${report.rows}  precision ${report.overall.precision}  recall ${report.overall.recall}  f1 ${report.overall.f1}  fpr ${report.overall.fpr}`,
    `over-block rate (safe rows flagged) ${report.over_block_rate}`,
    `latency p50 ${report.latency_ms.p50} ms  p95 ${report.latency_ms.p95} ms`,
    '',
    `${'group'.padEnd(48)} ${'rows'.padStart(5)} ${'flagged'.padStart(8)} ${'recall'.padStart(7)} ${'fpr'.padStart(7)}`,
  ];
  for (const [group, counts] of Object.entries(report.by_category)) {
    lines.push(
      `${group.slice(0, 48).padEnd(48)} ${String(counts.rows).padStart(5)} ${String(counts.flagged).padStart(8)} ${String(counts.recall).padStart(7)} ${String(counts.fpr).padStart(7)}`,
    );
  }
  return lines.join('\n');
}

/** One cascade per layer `hearth safety eval` compares (issue 15 item 6). */
export function evalLayers(cascade: CascadeOptions): Record<string, CascadeOptions> {
  const fast = { ...cascade, classifiers: [] };
  const layers: Record<string, CascadeOptions> = {
    rules: { ...fast, layers: { rules: true, classifier: false } },
    classifier: { ...fast, layers: { rules: false, classifier: true } },
    rules_classifier: { ...fast, layers: { rules: true, classifier: true } },
  };
  if (cascade.classifiers.length > 0) layers.rules_classifier_guard = cascade;
  return layers;
}

export type LayeredEvalReport = EvalReport & { layers: string[]; by_layer: Record<string, EvalReport> };

/**
 * The `hearth safety eval` command: the configured cascade (rules + trained classifier, plus model
 * classifiers when set) over a labelled file, and the same file through each layer alone. Detection
 * only: any category at or above the flag threshold (or a minor-safety block) counts as flagged.
 * The top-level figures are the whole configured cascade; `by_layer` holds each layer's.
 */
export async function runSafetyEvalCommand(
  file: string,
  options: { json?: boolean; format?: 'csv' | 'jsonl' },
  cascade: CascadeOptions,
): Promise<string> {
  const rows = readEvalFile(file, options.format);
  warmUpFastLayer();
  const by_layer: Record<string, EvalReport> = {};
  for (const [name, layerCascade] of Object.entries(evalLayers(cascade))) {
    by_layer[name] = await evaluate(rows, async (text) => {
      const result = await moderate(text, {
        direction: 'input',
        actor: { ageVerified: true, nsfwOptIn: true, strikes: 0 },
        character: { rating: 'nsfw', creatorVerified: true, minorCoded: false },
        cascade: layerCascade,
      });
      return {
        flagged:
          result.hits.some((hit) => hit.score >= FLAG_THRESHOLD) || result.decision.code === 'minor_safety',
      };
    });
  }
  const layers = Object.keys(by_layer);
  const report: LayeredEvalReport = { ...by_layer[layers[layers.length - 1]], layers, by_layer };
  if (options.json) return JSON.stringify(report);
  return layers.map((name) => `== ${name}\n${formatReport(by_layer[name])}`).join('\n\n');
}
