import type { GuardStep, MessageKind, OutputGuard } from '../chat/stages.js';
import type { ModerationContext, ModerationResult } from './moderate.js';

/**
 * Output filtering on the stream (DESIGN §1.7): model deltas are held until a clause boundary,
 * each new clause is checked (with the previous clause as context, so a harmful sentence split by a
 * comma is still seen whole), and only checked text is released. A flagged clause stops the stream.
 */
export interface OutputGuardDeps {
  check(text: string): Promise<ModerationResult>;
  /** Builds the prepared reply and records the flag; called once, on the first flagged clause. */
  onFlagged(
    result: ModerationResult,
    text: string,
    reason: 'policy' | 'prompt_leak',
  ): Promise<{ reply: string; code: string }>;
  canary?: string;
  /** The creator's hidden rules: a reply repeating one (or a long clause of one) is a leak too. */
  hiddenTexts?: readonly string[];
  /** Release without a boundary once this much text is held (a reply with no punctuation). */
  maxHeldChars?: number;
}

// A clause ends at . ! ? ; : … or a newline, followed by whitespace (so "3.5" and "e.g." mid-word hold).
const BOUNDARY = /[.!?;:…\n]["'”’)\]*_~]*(?=\s)/g;
const KIND_RANK: Record<MessageKind, number> = { plain: 0, romantic: 1, adult: 2 };
const CONTEXT_CHARS = 240;

export function createOutputGuard(deps: OutputGuardDeps): OutputGuard {
  const hidden = (deps.hiddenTexts ?? [])
    .map(normaliseForLeak)
    .filter((text) => text.length >= MIN_HIDDEN_CHARS);
  const redact = (text: string) => {
    let result = deps.canary ? text.split(deps.canary).join('[hidden]') : text;
    for (const secret of deps.hiddenTexts ?? [])
      if (secret.length >= MIN_HIDDEN_CHARS) result = result.split(secret).join('[hidden]');
    return result;
  };
  let pending = '';
  let released = '';
  let kind: MessageKind = 'plain';
  let stopped: GuardStep | undefined;

  async function checkAndRelease(text: string): Promise<GuardStep> {
    const window = released.slice(-CONTEXT_CHARS) + text;
    const isCanaryLeak =
      deps.canary !== undefined && (window.includes(deps.canary) || text.includes(deps.canary));
    if (isCanaryLeak || repeatsHiddenText(released, text, hidden)) {
      // The review item keeps what happened, not the secret itself (issue 13 item 5).
      const { reply, code } = await deps.onFlagged(noResult(), redact(released + text), 'prompt_leak');
      stopped = { flagged: true, reply, code };
      return stopped;
    }
    const result = await deps.check(window);
    if (result.decision.action !== 'allow') {
      const { reply, code } = await deps.onFlagged(result, released + text, 'policy');
      stopped = { flagged: true, reply, code };
      return stopped;
    }
    if (KIND_RANK[result.kind] > KIND_RANK[kind]) kind = result.kind;
    released += text;
    return { flagged: false, release: text };
  }

  return {
    get kind() {
      return kind;
    },
    async push(delta: string): Promise<GuardStep> {
      if (stopped) return stopped;
      pending += delta;
      let cut = lastBoundary(pending);
      if (cut === 0 && pending.length >= (deps.maxHeldChars ?? 400)) {
        cut = pending.lastIndexOf(' ') > 0 ? pending.lastIndexOf(' ') + 1 : pending.length;
      }
      // A canary may be split across deltas: never release text that ends in a prefix of it.
      if (cut > 0 && deps.canary)
        cut = Math.min(cut, pending.length - canaryPrefixAtEnd(pending, deps.canary));
      if (cut <= 0) return { flagged: false, release: '' };
      const clause = pending.slice(0, cut);
      pending = pending.slice(cut);
      return checkAndRelease(clause);
    },
    async flush(): Promise<GuardStep> {
      if (stopped) return stopped;
      const rest = pending;
      pending = '';
      if (!rest) return { flagged: false, release: '' };
      return checkAndRelease(rest);
    },
  };
}

// Shorter hidden texts ("be kind") are too common to call a leak; shorter clauses match by chance.
const MIN_HIDDEN_CHARS = 16;
const MIN_CLAUSE_CHARS = 24;

function normaliseForLeak(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A leak of the creator's hidden rules without the canary (a model that paraphrases the header):
 * the reply so far contains a hidden text whole, or the new clause is a long piece of one — caught
 * on its first clause, before the rest of the rule is released.
 */
function repeatsHiddenText(released: string, clause: string, hidden: readonly string[]): boolean {
  if (hidden.length === 0) return false;
  const reply = normaliseForLeak(released + clause);
  const piece = normaliseForLeak(clause).replace(/^[\s"'“*_-]+|[\s"'”*_.,;:!?-]+$/g, '');
  return hidden.some(
    (secret) => reply.includes(secret) || (piece.length >= MIN_CLAUSE_CHARS && secret.includes(piece)),
  );
}

function lastBoundary(text: string): number {
  let end = 0;
  for (const match of text.matchAll(BOUNDARY)) end = match.index + match[0].length;
  return end;
}

function canaryPrefixAtEnd(text: string, canary: string): number {
  for (let length = Math.min(canary.length - 1, text.length); length > 0; length -= 1) {
    if (text.endsWith(canary.slice(0, length))) return length;
  }
  return 0;
}

function noResult(): ModerationResult {
  return {
    decision: {
      action: 'block',
      code: 'prompt_injection',
      review: true,
      strike: false,
      suspend: false,
      categories: ['prompt_injection'],
    },
    hits: [
      {
        category: 'prompt_injection',
        score: 1,
        evidence: [{ rule: 'canary.leak', start: 0, end: 0, text: '' }],
        source: 'fast',
      },
    ],
    kind: 'plain',
    degraded: false,
    latencyMs: { fast: 0, model: 0 },
  };
}

export type { ModerationContext };
