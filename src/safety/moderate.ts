import type { MessageKind } from '../chat/stages.js';
import { classifyWithModel } from './classifier/classify.js';
import type { LinearClassifier } from './classifier/model.js';
import { classifyFast } from './fast-layer.js';
import type { ModelClassifier } from './model/classifier.js';
import {
  type PolicyActor,
  type PolicyCharacter,
  type PolicyDecision,
  type PolicyOptions,
  decidePolicy,
  defaultPolicyOptions,
} from './policy.js';
import { type Category, type CategoryHit, HARD_LINE_CATEGORIES } from './taxonomy.js';

/** How the model layer behaves; from HEARTH_SAFETY_* config. */
export interface CascadeOptions {
  classifiers: readonly ModelClassifier[];
  /** Wait this long for classifiers when nothing hints at a hard line. */
  timeoutMs: number;
  /** Wait this long when the fast layer hints at a hard line (worth waiting for). */
  hardLineTimeoutMs: number;
  /** When classifiers fail or time out while these are suspected, the message is blocked. */
  failClosed: ReadonlySet<Category>;
  /**
   * The model classifiers run only while the fast layers are unsure: some category scores inside
   * [low, high). Clean text and already-conclusive text never wait for a model. `low: 0` runs
   * them on every message that is not conclusive.
   */
  band?: { low: number; high: number };
  /** Which fast layers run (both by default; `hearth safety eval` compares them). */
  layers?: { rules: boolean; classifier: boolean };
  /** Weights for the trained classifier (default: the shipped file). */
  linearClassifier?: LinearClassifier;
}

/** Default band: a hint (≥ 0.25 on the cascade scale) that is not yet conclusive. */
export const DEFAULT_GUARD_BAND = { low: 0.25, high: 0.85 };

export const fastOnly: CascadeOptions = {
  classifiers: [],
  timeoutMs: 0,
  hardLineTimeoutMs: 0,
  failClosed: HARD_LINE_CATEGORIES,
};

export interface ModerationContext {
  direction: 'input' | 'output';
  actor: PolicyActor;
  character: PolicyCharacter;
  /** Recent messages of the conversation (oldest first), for signals that span turns. */
  history?: readonly string[];
  /** For output checks: the user message being answered. */
  previousUserText?: string;
  cascade?: CascadeOptions;
  policy?: PolicyOptions;
  /** Skip the model layer (output clauses are checked by the fast layer only by default). */
  fastOnly?: boolean;
}

export interface ModerationResult {
  decision: PolicyDecision;
  hits: CategoryHit[];
  kind: MessageKind;
  /** A classifier failed and the result stands on the fast layer alone (review flag is set). */
  degraded: boolean;
  latencyMs: { fast: number; model: number };
}

/** Fast-layer scores this high are decided without waiting for a model. */
const CONCLUSIVE = 0.85;
/** Fast-layer hints this weak still make a hard line "suspected" for fail-closed purposes. */
const SUSPECT = 0.3;

/**
 * The cascade behind one call (DESIGN §3): fast local rules, then the configured classifiers, then
 * the pure policy. Never throws for classifier trouble: it fails closed or open as configured.
 */
export async function moderate(text: string, context: ModerationContext): Promise<ModerationResult> {
  const cascade = context.cascade ?? fastOnly;
  const started = performance.now();
  const layers = cascade.layers ?? { rules: true, classifier: true };
  const fast = classifyFast(text, { history: context.history });
  const hits = layers.rules ? [...fast.hits] : [];
  // The trained classifier runs after the rules on every input and every output clause (issue 15).
  if (layers.classifier) hits.push(...classifyWithModel(text, cascade.linearClassifier));
  const fastMs = performance.now() - started;
  let degraded = false;
  let modelMs = 0;

  const conclusive = hits.some((hit) => HARD_LINE_CATEGORIES.has(hit.category) && hit.score >= CONCLUSIVE);
  const band = cascade.band ?? DEFAULT_GUARD_BAND;
  const unsure =
    band.low <= 0 ||
    (fast.signals.minor > 0 && fast.signals.suggestive) ||
    hits.some((hit) => hit.score >= band.low && hit.score < band.high);
  if (!context.fastOnly && cascade.classifiers.length > 0 && !conclusive && unsure) {
    const suspected = suspectedHardLines(hits, fast.signals.minor > 0 && fast.signals.suggestive);
    const timeoutMs = suspected.length > 0 ? cascade.hardLineTimeoutMs : cascade.timeoutMs;
    const modelStarted = performance.now();
    const outcome = await runClassifiers(
      cascade.classifiers,
      {
        text,
        direction: context.direction,
        previousUserText: context.previousUserText,
      },
      timeoutMs,
    );
    modelMs = performance.now() - modelStarted;
    hits.push(...outcome.hits);
    if (outcome.failed) {
      degraded = true;
      const closed = suspected.filter((category) => cascade.failClosed.has(category));
      for (const category of closed) {
        hits.push({
          category,
          score: 0.9,
          evidence: [{ rule: 'model.unavailable.fail_closed', start: 0, end: 0, text: '' }],
          source: 'fast',
        });
      }
    }
  }

  const merged = mergeHits(hits);
  const decision = decidePolicy({
    // Unmerged: policy needs to know whether anything besides the classifier flagged a category.
    hits,
    direction: context.direction,
    actor: context.actor,
    character: context.character,
    options: context.policy ?? defaultPolicyOptions,
  });
  if (degraded) decision.review = true;
  const kind: MessageKind = merged.some((hit) => hit.category === 'sexual_content' && hit.score >= 0.5)
    ? 'adult'
    : fast.kind;
  return { decision, hits: merged, kind, degraded, latencyMs: { fast: fastMs, model: modelMs } };
}

function suspectedHardLines(hits: CategoryHit[], minorHint: boolean): Category[] {
  const suspected = hits
    .filter((hit) => HARD_LINE_CATEGORIES.has(hit.category) && hit.score >= SUSPECT)
    .map((hit) => hit.category);
  if (minorHint) suspected.push('minor_sexual_roleplay');
  return [...new Set(suspected)];
}

async function runClassifiers(
  classifiers: readonly ModelClassifier[],
  input: Parameters<ModelClassifier['classify']>[0],
  timeoutMs: number,
): Promise<{ hits: CategoryHit[]; failed: boolean }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  try {
    // Race the signal too: a classifier that ignores it must not hold the turn.
    const expired = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(new Error('timeout')), { once: true });
    });
    expired.catch(() => {});
    const results = await Promise.allSettled(
      classifiers.map((classifier) => Promise.race([classifier.classify(input, controller.signal), expired])),
    );
    const hits = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    return { hits, failed: results.some((result) => result.status === 'rejected') };
  } finally {
    clearTimeout(timer);
  }
}

/** One hit per category: the highest score, evidence from every source. */
export function mergeHits(hits: readonly CategoryHit[]): CategoryHit[] {
  const byCategory = new Map<Category, CategoryHit>();
  for (const hit of hits) {
    const existing = byCategory.get(hit.category);
    if (!existing) byCategory.set(hit.category, { ...hit, evidence: [...hit.evidence] });
    else {
      // A category some rule or guard model flagged stays confirmed when the classifier scores it
      // higher: the policy treats classifier-only hits more gently (issue 15 item 3).
      if (existing.source === 'classifier' && hit.source !== 'classifier') existing.source = hit.source;
      if (hit.score > existing.score) existing.score = hit.score;
      existing.evidence.push(...hit.evidence);
    }
  }
  return [...byCategory.values()].sort((a, b) => b.score - a.score);
}
