import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { EmbeddingModel } from '../providers/spec.js';
import type { RecalledItemCache } from './item-cache.js';
import { addNeighbours } from './neighbour-turns.js';
import { type Partition, type PartitionRevision, partitionRevision } from './partition.js';
import { lexicalSearch } from './lexical-search.js';
import { type RecalledItem, itemsByIds } from './store.js';
import { speakerWords } from './compact-moment.js';
import { contentWords, wordSetOf } from './text.js';
import { isWithin, timeRangeOf } from './time-range.js';
import type { ScoredId, VectorScorer } from './vector-scorer.js';

export interface RecallDeps {
  db: Db;
  clock: Clock;
  embedder: EmbeddingModel;
  scorer: VectorScorer;
  /** Candidate rows kept in process between recalls (item-cache.ts); without it, read every time. */
  items?: RecalledItemCache;
}

export interface RankedItem {
  item: RecalledItem;
  score: number;
  /** The question's content words: the block shortens long moments around them (compact-moment.ts). */
  focus?: string[];
}

export interface RankOptions {
  /** Candidates taken from each retriever before fusion. */
  candidates?: number;
  limit?: number;
  /** Fusion weights; RRF constant k = 60. */
  weights?: Partial<FusionWeights>;
  signal?: AbortSignal;
}

export interface FusionWeights {
  lexical: number;
  dense: number;
  recency: number;
  importance: number;
  /** Flat bonus, worth a first rank, for memories dated inside a time the question names. */
  time: number;
  /** Pseudo-relevance feedback: a second full-text pass with words shared by the top hits. */
  expansion: number;
  /** Share of a top turn's score given to the turns just before and after it (context). */
  neighbour: number;
}

const DEFAULT_WEIGHTS: FusionWeights = {
  lexical: 1,
  dense: 0.2,
  recency: 0.05,
  importance: 0.25,
  time: 0.5,
  neighbour: 0.85,
  expansion: 0.5,
};
const RRF_K = 60;

/**
 * Hybrid retrieval in one partition: BM25 and dense cosine candidates, ranked again by recency,
 * importance and (when the question names a time) closeness to that time, fused with reciprocal-rank
 * fusion. Returns items best first; the caller fits them to a budget.
 */
export async function rankMemories(
  deps: RecallDeps,
  partition: Partition,
  query: string,
  options: RankOptions = {},
): Promise<RankedItem[]> {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const pool = options.candidates ?? 60;
  const words = contentWords(query);
  // Read once: the vector cache and the row cache both check it.
  const revision = await partitionRevision(deps.db.kysely, partition);
  let [lexical, dense] = await Promise.all([
    lexicalSearch(deps.db, partition, words, pool),
    denseSearch(deps, partition, query, pool, revision, options.signal),
  ]);
  const items = (wanted: string[]) =>
    deps.items
      ? deps.items.byIds(deps.db, partition, wanted, revision.changes)
      : itemsByIds(deps.db.kysely, partition, wanted);
  const ids = new Set([...lexical, ...dense].map((hit) => hit.id));
  let rows = await items([...ids]);
  const fetchMissing = async (hits: ScoredId[]) => {
    const missing = hits.map((hit) => hit.id).filter((id) => !ids.has(id));
    if (missing.length === 0) return;
    rows = [...rows, ...(await items(missing))];
    for (const id of missing) ids.add(id);
  };
  // A question naming a speaker ("what did Sam paint?") matches that name in the label of nearly every
  // moment; partition-scoped full-text statistics still weigh it like a rare word, so short moments that
  // share nothing but the label outrank real matches. The full-text pass is redone without label words.
  const labels = speakerWords(rows.map((row) => row.text));
  const content = words.filter((word) => !labels.has(word));
  if (content.length > 0 && content.length < words.length) {
    lexical = await lexicalSearch(deps.db, partition, content, pool);
    await fetchMissing(lexical);
  }
  let expanded: ScoredId[] = [];
  if (weights.expansion > 0 && lexical.length >= 3) {
    const textOf = new Map(rows.map((row) => [row.id, row.text]));
    const extra = feedbackWords(
      lexical.slice(0, 3).map((hit) => textOf.get(hit.id) ?? ''),
      rows.map((row) => row.text),
      words,
    );
    if (extra.length > 0) {
      expanded = await lexicalSearch(
        deps.db,
        partition,
        [...(content.length > 0 ? content : words), ...extra],
        pool,
      );
      await fetchMissing(expanded);
    }
  }
  const scores = new Map<string, number>();
  const add = (ranked: { id: string }[], weight: number) => {
    ranked.forEach((entry, rank) => {
      scores.set(entry.id, (scores.get(entry.id) ?? 0) + weight / (RRF_K + rank + 1));
    });
  };
  add(lexical, weights.lexical);
  add(dense, weights.dense);
  add(expanded, weights.expansion);
  addTied(scores, rows, validTime, weights.recency);
  addTied(scores, rows, (row) => row.importance, weights.importance);
  const range = timeRangeOf(query, deps.clock.now());
  // In the named time or not is a yes/no criterion: a flat bonus worth a first rank. (As tied ranks it
  // added 1/61 - 1/62 of the weight, about nothing, and questions naming a day found that day no better.)
  if (range) {
    for (const row of rows) {
      if (isWithin(row.valid_at, range))
        scores.set(row.id, (scores.get(row.id) ?? 0) + weights.time / (RRF_K + 1));
    }
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  await addNeighbours(deps, partition, scores, byId, weights.neighbour);
  return [...scores.entries()]
    .filter(([id]) => byId.has(id))
    .map(([id, score]) => ({ item: byId.get(id)!, score, focus: content.length > 0 ? content : words }))
    .sort((left, right) => right.score - left.score)
    .slice(0, options.limit ?? pool);
}

// Rows come back from the item cache turn after turn: parse each date once.
const validTimes = new WeakMap<RecalledItem, number>();

function validTime(row: RecalledItem): number {
  let time = validTimes.get(row);
  if (time === undefined) {
    time = Date.parse(row.valid_at ?? '') || 0;
    validTimes.set(row, time);
  }
  return time;
}

/**
 * RRF over a criterion with ties (many items share a date or an importance): equal values share a
 * rank, so ties add the same amount and never reorder candidates by accident.
 */
function addTied(
  scores: Map<string, number>,
  rows: RecalledItem[],
  value: (row: RecalledItem) => number,
  weight: number,
): void {
  if (weight === 0 || rows.length === 0) return;
  const distinct = [...new Set(rows.map(value))].sort((left, right) => right - left);
  if (distinct.length < 2) return;
  const rankOf = new Map(distinct.map((entry, rank) => [entry, rank]));
  for (const row of rows) {
    scores.set(row.id, (scores.get(row.id) ?? 0) + weight / (RRF_K + rankOf.get(value(row))! + 1));
  }
}

/**
 * Content words that at least two of the top texts share and the query lacks (at most five). Words
 * found in half the candidates or more (speaker labels, the chat's running topic) say nothing about
 * this question and would only make the second pass match everything.
 */
function feedbackWords(top: string[], candidates: string[], queryWords: string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of top)
    for (const word of new Set(contentWords(text))) counts.set(word, (counts.get(word) ?? 0) + 1);
  const candidateWords = candidates.length >= 6 ? candidates.map(wordSetOf) : [];
  const common = (word: string) =>
    candidateWords.filter((words) => words.has(word)).length * 2 >= candidateWords.length &&
    candidateWords.length > 0;
  return [...counts.entries()]
    .filter(([word, count]) => count >= 2 && word.length > 3 && !queryWords.includes(word) && !common(word))
    .sort((left, right) => right[1] - left[1])
    .slice(0, 5)
    .map(([word]) => word);
}

async function denseSearch(
  deps: RecallDeps,
  partition: Partition,
  query: string,
  limit: number,
  revision: PartitionRevision,
  signal?: AbortSignal,
): Promise<ScoredId[]> {
  const [vector] = await deps.embedder.embed([query], signal);
  if (!vector || vector.every((value) => value === 0)) return [];
  return deps.scorer.nearest(partition, deps.embedder.id, vector, limit, revision);
}
