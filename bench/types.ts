/** One measured figure, printed against a baseline measured in the same run (machines are noisy). */
export interface BenchResult {
  /** What was measured, e.g. "catalog search p95 (sqlite, 10k characters)". */
  name: string;
  value: number;
  unit: 'ms' | 'ops/s' | 'count' | '%';
  /** The same quantity for the baseline, measured in this run. */
  baseline?: { name: string; value: number };
  /** Optional target from the issue, e.g. "≤ 30 ms". */
  target?: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult[]>;
}

/** p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Times `fn` `iterations` times (after `warmup` runs) and returns the samples in milliseconds. */
export async function sampleMs(
  fn: () => Promise<unknown> | unknown,
  iterations: number,
  warmup = 5,
): Promise<number[]> {
  for (let index = 0; index < warmup; index += 1) await fn();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}
