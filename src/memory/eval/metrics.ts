/** Evidence-recall metrics of one retriever over many questions. */
export interface QuestionOutcome {
  category: number;
  evidence: string[];
  /** dia_ids covered by each ranked item, best first. */
  rankedSources: string[][];
  /** dia_ids inside the token-budgeted block. */
  blockSources: string[];
  blockTokens: number;
  latencyMs: number;
}

export interface MetricSummary {
  questions: number;
  recall: Record<string, number>;
  recall_in_budget: number;
  budget_tokens: number;
  mrr: number;
  latency_ms: { p50: number; p95: number };
  block_tokens: { mean: number; p95: number };
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function share(evidence: string[], found: Iterable<string>): number {
  if (evidence.length === 0) return 0;
  const set = new Set(found);
  return evidence.filter((id) => set.has(id)).length / evidence.length;
}

const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;

export function summarize(outcomes: QuestionOutcome[], ks: number[], budget: number): MetricSummary {
  const scored = outcomes.filter((outcome) => outcome.evidence.length > 0);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const recall: Record<string, number> = {};
  for (const k of ks) {
    recall[String(k)] = round(mean(scored.map((o) => share(o.evidence, o.rankedSources.slice(0, k).flat()))));
  }
  const reciprocal = scored.map((outcome) => {
    const rank = outcome.rankedSources.findIndex((sources) =>
      sources.some((id) => outcome.evidence.includes(id)),
    );
    return rank < 0 ? 0 : 1 / (rank + 1);
  });
  const latencies = outcomes.map((outcome) => outcome.latencyMs);
  const tokens = outcomes.map((outcome) => outcome.blockTokens);
  return {
    questions: scored.length,
    recall,
    recall_in_budget: round(mean(scored.map((o) => share(o.evidence, o.blockSources)))),
    budget_tokens: budget,
    mrr: round(mean(reciprocal)),
    latency_ms: { p50: round(percentile(latencies, 50), 2), p95: round(percentile(latencies, 95), 2) },
    block_tokens: { mean: round(mean(tokens), 1), p95: percentile(tokens, 95) },
  };
}
