import { createHash } from 'node:crypto';
import { isoNow, type Clock } from '../../clock.js';
import { type Db, migrateToLatest, openDb } from '../../db/index.js';
import type { EmbeddingModel, LanguageModel, TokenCounter } from '../../providers/spec.js';
import { buildMemoryBlock, formatDay } from '../memory-block.js';
import type { Partition } from '../partition.js';
import { type FusionWeights, rankMemories } from '../recall.js';
import { insertItems, prepareItems } from '../store.js';
import { estimateTokens } from '../text.js';
import { createBruteForceScorer } from '../vector-scorer.js';
import { Bm25Index } from './bm25-baseline.js';
import type { LocomoConversation } from './locomo.js';
import { type MetricSummary, type QuestionOutcome, summarize } from './metrics.js';
import { extractConversation } from './extracted-ingest.js';
import { type JudgedAnswer, type JudgeSummary, answerAndJudge, summarizeJudged } from './judge.js';

export interface EvalOptions {
  ks: number[];
  budget: number;
  mode: 'raw' | 'extracted';
  embedder: EmbeddingModel;
  /** Needed for `extracted` mode and `judge`. */
  model?: LanguageModel;
  /** Also answer each question from the memory block and grade it with the model (LLM-as-judge). */
  judge?: boolean;
  countTokens?: TokenCounter;
  /** Fusion weights (for tuning experiments); defaults are the recall defaults. */
  weights?: Partial<FusionWeights>;
  log?: (line: string) => void;
}

export interface EvalReport extends MetricSummary {
  mode: 'raw' | 'extracted';
  by_category: Record<string, MetricSummary>;
  category_5: MetricSummary;
  baseline_bm25: MetricSummary & { by_category: Record<string, MetricSummary> };
  /** With `--judge`: LLM-judged answer accuracy over categories 1–4. */
  judge?: JudgeSummary;
}

/** Sessions are replayed with the clock at the session's date, so valid_at is the conversation's time. */
export function movableClock(): Clock & { set(iso: string): void } {
  let now = new Date();
  return { now: () => now, set: (iso) => (now = new Date(iso)) };
}

/**
 * `hearth memory eval`: ingests each LoCoMo conversation through the real memory layer (its own
 * partition in a throwaway SQLite database), asks every question with `rankMemories` + the budgeted
 * block, and scores evidence recall; a plain BM25 over single raw turns runs beside it.
 */
export async function runMemoryEval(
  conversations: LocomoConversation[],
  options: EvalOptions,
): Promise<EvalReport> {
  const countTokens = options.countTokens ?? estimateTokens;
  const db = openDb({ sqlitePath: ':memory:' });
  await migrateToLatest(db.kysely);
  const clock = movableClock();
  const scorer = createBruteForceScorer(db);
  const deps = { db, clock, embedder: options.embedder, scorer };
  const ours: QuestionOutcome[] = [];
  const baseline: QuestionOutcome[] = [];
  const judged: JudgedAnswer[] = [];
  if (options.judge && !options.model) throw new Error('--judge needs a configured language model');
  const signal = new AbortController().signal;
  try {
    for (const conversation of conversations) {
      const partition = await createPartition(db, conversation.name, clock);
      const started = performance.now();
      if (options.mode === 'raw') await ingestRaw(deps, partition, conversation, clock);
      else {
        if (!options.model) throw new Error('--mode extracted needs a configured language model');
        await extractConversation({ ...deps, clock, model: options.model }, partition, conversation);
      }
      options.log?.(`${conversation.name}: ingested in ${Math.round(performance.now() - started)} ms`);
      const lastSession = conversation.sessions.at(-1);
      if (lastSession) clock.set(lastSession.startedAt);
      const index = new Bm25Index(
        conversation.sessions.flatMap((session) =>
          session.turns.map((turn) => ({
            id: turn.diaId,
            text: `(${formatDay(session.startedAt)}) ${turn.speaker}: ${turn.text}`,
          })),
        ),
      );
      const maxK = Math.max(...options.ks, 20);
      for (const question of conversation.questions) {
        const start = performance.now();
        const ranked = await rankMemories(deps, partition, question.question, {
          limit: Math.max(maxK, 60),
          weights: options.weights,
        });
        const block = buildMemoryBlock(ranked, [], options.budget, countTokens);
        const latencyMs = performance.now() - start;
        ours.push({
          category: question.category,
          evidence: question.evidence,
          rankedSources: ranked.map((entry) => JSON.parse(entry.item.source_message_ids) as string[]),
          blockSources: block.included.flatMap((item) => JSON.parse(item.source_message_ids) as string[]),
          blockTokens: block.tokens,
          latencyMs,
        });
        if (options.judge && options.model && question.answer && question.category <= 4) {
          judged.push(
            await answerAndJudge(
              options.model,
              {
                question: question.question,
                gold: question.answer,
                memoryBlock: block.text,
                category: question.category,
              },
              signal,
            ),
          );
        }
        const baseStart = performance.now();
        const hits = index.search(question.question, 200);
        const baseLatency = performance.now() - baseStart;
        let used = 0;
        const inBudget: string[] = [];
        for (const hit of hits) {
          const cost = countTokens(hit.text) + 1;
          if (used + cost > options.budget) continue;
          used += cost;
          inBudget.push(hit.id);
        }
        baseline.push({
          category: question.category,
          evidence: question.evidence,
          rankedSources: hits.map((hit) => [hit.id]),
          blockSources: inBudget,
          blockTokens: used,
          latencyMs: baseLatency,
        });
      }
    }
  } finally {
    await db.close();
  }
  const summary = report(ours, baseline, options);
  if (options.judge) {
    summary.judge = summarizeJudged(judged);
    options.log?.(`judged ${judged.length} answers: accuracy ${summary.judge.accuracy}`);
  }
  return summary;
}

function report(ours: QuestionOutcome[], baseline: QuestionOutcome[], options: EvalOptions): EvalReport {
  const answerable = (outcomes: QuestionOutcome[]) =>
    outcomes.filter((o) => o.category >= 1 && o.category <= 4);
  const byCategory = (outcomes: QuestionOutcome[]) =>
    Object.fromEntries(
      [1, 2, 3, 4].map((category) => [
        String(category),
        summarize(
          outcomes.filter((o) => o.category === category),
          options.ks,
          options.budget,
        ),
      ]),
    );
  return {
    mode: options.mode,
    ...summarize(answerable(ours), options.ks, options.budget),
    by_category: byCategory(ours),
    category_5: summarize(
      ours.filter((o) => o.category === 5),
      options.ks,
      options.budget,
    ),
    baseline_bm25: {
      ...summarize(answerable(baseline), options.ks, options.budget),
      by_category: byCategory(baseline),
    },
  };
}

export async function createPartition(db: Db, name: string, clock: Clock): Promise<Partition> {
  const userId = `eval-${createHash('sha1').update(name).digest('hex').slice(0, 12)}`;
  const now = isoNow(clock);
  await db.kysely
    .insertInto('users')
    .values({
      id: userId,
      email: `${userId}@eval.invalid`,
      password_hash: '',
      display_name: 'eval',
      birth_date: '1990-01-01',
      adult_attested_at: now,
      role: 'user',
      status: 'active',
      status_reason: null,
      nsfw_opt_in: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { userId, characterId: `character-${userId}` };
}

/**
 * Raw mode stores what the live app stores after each turn: one unit per exchange (a message and the
 * reply to it), dated with the session, tagged with its dia_ids.
 */
export async function ingestRaw(
  deps: Parameters<typeof prepareItems>[2] & { db: Db },
  partition: Partition,
  conversation: LocomoConversation,
  clock: ReturnType<typeof movableClock>,
): Promise<void> {
  for (const session of conversation.sessions) {
    clock.set(session.startedAt);
    const inputs = [];
    for (let index = 0; index < session.turns.length; index += 2) {
      const pair = session.turns.slice(index, index + 2);
      inputs.push({
        kind: 'turn' as const,
        text: pair.map((turn) => `${turn.speaker}: ${turn.text}`).join('\n'),
        validAt: session.startedAt,
        sourceMessageIds: pair.map((turn) => turn.diaId),
      });
    }
    await insertItems(deps.db.kysely, await prepareItems(partition, inputs, deps));
  }
}
