import fs from 'node:fs';
import type { EmbeddingModel, LanguageModel } from '../../providers/spec.js';
import { formatLooReport, runLeaveOneOut } from './leave-one-out.js';
import { readLocomoFile } from './locomo.js';
import type { MetricSummary } from './metrics.js';
import { type EvalReport, runMemoryEval } from './run-eval.js';

export interface EvalCommandOptions {
  k: string;
  budget: string;
  mode: string;
  json?: boolean;
  judge?: boolean;
  /** Leave-one-conversation-out: the ranker's setting is chosen without the conversation measured. */
  loo?: boolean;
}

/**
 * `hearth memory eval FILES… [--k 1,5,10,20] [--budget 1500] [--mode raw|extracted] [--judge] [--loo] [--json]`.
 * Returns the text to print (one JSON object with --json). Throws on bad usage.
 */
export async function runMemoryEvalCommand(
  files: string[],
  options: EvalCommandOptions,
  deps: { embedder: EmbeddingModel; model?: LanguageModel; progress?: (line: string) => void },
): Promise<string> {
  const ks = options.k.split(',').map((value) => Number(value.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k <= 0))
    throw new Error('--k takes positive integers, e.g. 1,5,10,20');
  const budget = Number(options.budget);
  if (!Number.isInteger(budget) || budget <= 0) throw new Error('--budget takes a positive number of tokens');
  if (options.mode !== 'raw' && options.mode !== 'extracted') throw new Error('--mode is raw or extracted');
  if (files.length === 0) throw new Error('give at least one LoCoMo JSON file');
  for (const file of files) if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  if (options.loo) {
    if (options.mode !== 'raw' || options.judge) throw new Error('--loo runs on raw turns, without --judge');
    const loo = await runLeaveOneOut(files.map(readLocomoFile), {
      ks,
      budget,
      embedder: deps.embedder,
      log: deps.progress,
    });
    return options.json ? JSON.stringify(loo) : formatLooReport(loo);
  }
  const report = await runMemoryEval(files.map(readLocomoFile), {
    ks,
    budget,
    mode: options.mode,
    embedder: deps.embedder,
    model: deps.model,
    judge: options.judge,
    log: deps.progress,
  });
  return options.json ? JSON.stringify(report) : formatReport(report, ks);
}

function row(label: string, summary: MetricSummary, ks: number[]): string {
  const recall = ks.map((k) => (summary.recall[String(k)] ?? 0).toFixed(3).padStart(7)).join('');
  return `${label.padEnd(22)}${String(summary.questions).padStart(5)}${recall}${summary.recall_in_budget
    .toFixed(3)
    .padStart(
      9,
    )}${summary.mrr.toFixed(3).padStart(7)}${summary.latency_ms.p50.toFixed(1).padStart(8)}${summary.latency_ms.p95
    .toFixed(1)
    .padStart(8)}${summary.block_tokens.mean.toFixed(0).padStart(8)}`;
}

export function formatReport(report: EvalReport, ks: number[]): string {
  const header = `${'retriever'.padEnd(22)}${'n'.padStart(5)}${ks.map((k) => `R@${k}`.padStart(7)).join('')}${`R@${report.budget_tokens}t`.padStart(9)}${'MRR'.padStart(7)}${'p50ms'.padStart(8)}${'p95ms'.padStart(8)}${'tokens'.padStart(8)}`;
  const lines = [
    `memory eval (${report.mode}; categories 1-4; budget ${report.budget_tokens} tokens)`,
    header,
    row('hearth hybrid', report, ks),
    row('baseline bm25 (turns)', report.baseline_bm25, ks),
    '',
    'by category (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop; 5 adversarial reported apart)',
  ];
  for (const category of Object.keys(report.by_category)) {
    lines.push(row(`  hearth cat ${category}`, report.by_category[category], ks));
    lines.push(row(`  bm25 cat ${category}`, report.baseline_bm25.by_category[category], ks));
  }
  lines.push(row('  hearth cat 5', report.category_5, ks));
  if (report.judge) {
    const byCategory = Object.entries(report.judge.by_category)
      .map(([category, entry]) => `cat ${category} ${entry.accuracy.toFixed(3)} (${entry.questions})`)
      .join(', ');
    lines.push(
      '',
      `LLM-judged answer accuracy: ${report.judge.accuracy.toFixed(3)} of ${report.judge.questions} (${byCategory})`,
    );
  }
  return lines.join('\n');
}
