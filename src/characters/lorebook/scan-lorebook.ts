import type { TokenCounter } from '../../providers/spec.js';
import {
  type CompiledEntry,
  type CompiledLorebook,
  type KeyMatcher,
  compileLorebook,
} from './compile-lorebook.js';
import { testRegexKeys } from './regex-keys.js';
import type { Lorebook, LorebookHit, LorebookPosition } from './types.js';

export interface ScanOptions {
  /** Chat messages, oldest first, newest last. */
  messages: readonly string[];
  tokenCounter: TokenCounter;
  /** Tokens available to lorebook content; the book's own `token_budget` lowers it further. */
  budgetTokens: number;
  /** Messages scanned when neither the book nor the entry sets a scan depth (SillyTavern's default: 2). */
  defaultScanDepth?: number;
  /** Rounds of recursive scanning after the first pass (default 3; 0 disables recursion). */
  maxRecursionDepth?: number;
  /** Assistant messages sent so far, for `@@activate_only_after/every` (default: half the messages). */
  assistantMessageCount?: number;
  /** Active greeting (0 = `first_mes`), for `@@is_greeting`. */
  greetingIndex?: number;
  /** Name of the active `user_icon` asset, for `@@is_user_icon`. */
  activeUserIcon?: string;
  /** Ids of entries that matched on earlier turns, for `@@keep/dont_activate_after_match`. */
  previouslyMatched?: Iterable<string>;
  /** Seed for probability rolls; the default derives one from the messages, so scans are repeatable. */
  seed?: string;
}

const POSITION_ORDER: LorebookPosition[] = [
  'before_desc',
  'before_char',
  'after_desc',
  'personality',
  'scenario',
  'after_char',
  'examples_top',
  'examples_bottom',
  'author_note_top',
  'author_note_bottom',
  'at_depth',
];

/**
 * Finds the lorebook entries to insert for this turn. Deterministic: same book and options, same hits.
 * Order of work: entries matched by the chat (plus constants) are admitted to the token budget by
 * constant first, then higher priority, lower insertion order, earlier entry (`@@ignore_on_max_context`
 * entries last); an entry that does not fit is skipped and smaller ones may still fit. The admitted
 * entries' content is then scanned for further matches, up to `maxRecursionDepth` rounds. Hits come back
 * sorted by position, then insertion order.
 */
export function scanLorebook(book: Lorebook | CompiledLorebook, options: ScanOptions): LorebookHit[] {
  const compiled = isCompiled(book) ? book : compileLorebook(book);
  const budget = Math.min(options.budgetTokens, compiled.tokenBudget ?? Number.POSITIVE_INFINITY);
  const context = new ScanContext(compiled, options);
  const candidates = compiled.entries.filter(
    (entry) => entry.enabled && !entry.isFolder && entry.content.trim() !== '',
  );
  const decided = new Set<string>();
  const hits: Array<LorebookHit & { index: number }> = [];
  let used = 0;
  let recursionText = '';
  const maxDepth = Math.max(0, options.maxRecursionDepth ?? 3);
  for (let level = 0; level <= maxDepth; level++) {
    const active = candidates.filter(
      (entry) => !decided.has(entry.id) && context.isActivated(entry, level, recursionText),
    );
    if (active.length === 0) break;
    active.sort(byAdmission);
    const spread: string[] = [];
    for (const entry of active) {
      decided.add(entry.id);
      const tokens = options.tokenCounter(entry.content);
      if (used + tokens > budget) continue;
      used += tokens;
      hits.push(toHit(entry, tokens, options.messages.length));
      if (!entry.preventRecursion && (compiled.recursiveScanning || entry.decorators.recursive)) {
        spread.push(entry.content);
      }
    }
    if (spread.length === 0) break;
    recursionText += `\n${spread.join('\n')}`;
  }
  hits.sort(
    (a, b) =>
      POSITION_ORDER.indexOf(a.position) - POSITION_ORDER.indexOf(b.position) ||
      (b.depth ?? 0) - (a.depth ?? 0) ||
      a.order - b.order ||
      a.index - b.index,
  );
  return hits.map(({ index: _index, ...hit }) => hit);
}

function isCompiled(book: unknown): book is CompiledLorebook {
  return typeof book === 'object' && book !== null && 'recursiveScanning' in book && 'warnings' in book;
}

function byAdmission(a: CompiledEntry, b: CompiledEntry): number {
  return (
    Number(a.decorators.ignoreOnMaxContext === true) - Number(b.decorators.ignoreOnMaxContext === true) ||
    Number(b.constant) - Number(a.constant) ||
    b.priority - a.priority ||
    a.order - b.order ||
    a.index - b.index
  );
}

function toHit(entry: CompiledEntry, tokens: number, messageCount: number): LorebookHit & { index: number } {
  const hit: LorebookHit & { index: number } = {
    entryId: entry.id,
    content: entry.content,
    position: entry.position,
    order: entry.order,
    tokens,
    index: entry.index,
  };
  if (entry.position === 'at_depth') {
    hit.depth =
      entry.reverseDepth !== undefined ? Math.max(0, messageCount - entry.reverseDepth) : (entry.depth ?? 0);
  }
  if (entry.role) hit.role = entry.role;
  if (entry.customPosition) hit.customPosition = entry.customPosition;
  if (entry.decorators.disableUiPrompts.length > 0)
    hit.disableUiPrompts = [...entry.decorators.disableUiPrompts];
  return hit;
}

class ScanContext {
  private readonly texts = new Map<string, { raw: string; folded: string }>();
  private readonly regexResults = new Map<string, Map<RegExp, boolean>>();
  private readonly previous: Set<string>;
  private readonly assistantCount: number;
  private readonly seed: string;

  constructor(
    private readonly book: CompiledLorebook,
    private readonly options: ScanOptions,
  ) {
    this.previous = new Set(options.previouslyMatched ?? []);
    this.assistantCount = options.assistantMessageCount ?? Math.floor(options.messages.length / 2);
    this.seed = options.seed ?? options.messages.join('\u0001');
  }

  isActivated(entry: CompiledEntry, level: number, recursionText: string): boolean {
    const d = entry.decorators;
    if (d.dontActivate && !d.activate) return false;
    if (d.dontActivateAfterMatch && this.previous.has(entry.id)) return false;
    if (d.keepActivateAfterMatch && this.previous.has(entry.id)) return true;
    if (d.activateOnlyAfter !== undefined && this.assistantCount < d.activateOnlyAfter) return false;
    if (d.activateOnlyEvery !== undefined && this.assistantCount % d.activateOnlyEvery !== 0) return false;
    if (entry.delay !== undefined && this.options.messages.length < entry.delay) return false;
    if (d.isGreeting !== undefined && (this.options.greetingIndex ?? 0) !== d.isGreeting) return false;
    if (d.isUserIcon !== undefined && this.options.activeUserIcon !== d.isUserIcon) return false;
    if (level > 0 && entry.excludeRecursion) return false;
    if (d.activate || (entry.constant && level === 0)) return this.passesProbability(entry);

    const { raw, folded } = this.text(
      entry.scanDepth ?? this.book.scanDepth ?? this.options.defaultScanDepth ?? 2,
      level === 0 ? '' : recursionText,
    );
    const matches = (key: KeyMatcher) =>
      key.kind === 'regex' ? this.regexMatches(key.regex, raw) : matchKey(key, entry, raw, folded);

    if (!entry.keys.some(matches)) return false;
    for (const group of d.additionalKeys) {
      if (!group.some((key) => matches(textKey(key, entry)))) return false;
    }
    if (d.excludeKeys?.some((key) => matches(textKey(key, entry)))) return false;
    if (d.excludeKeysAll?.every((key) => matches(textKey(key, entry)))) return false;
    if (entry.selective && entry.secondaryKeys.length > 0) {
      const hits = entry.secondaryKeys.filter(matches).length;
      const total = entry.secondaryKeys.length;
      const passes =
        entry.logic === 'and_any'
          ? hits > 0
          : entry.logic === 'and_all'
            ? hits === total
            : entry.logic === 'not_any'
              ? hits === 0
              : hits < total;
      if (!passes) return false;
    }
    return this.passesProbability(entry);
  }

  /** Regex results per scanned text, filled for all of the book's regex keys at once. */
  private regexMatches(regex: RegExp, text: string): boolean {
    let results = this.regexResults.get(text);
    if (!results) {
      const keys = this.book.regexKeys;
      const outcomes = testRegexKeys(keys, text);
      results = new Map(keys.map((key, index) => [key, outcomes[index]]));
      this.regexResults.set(text, results);
    }
    return results.get(regex) ?? false;
  }

  private passesProbability(entry: CompiledEntry): boolean {
    if (entry.probability === undefined || entry.probability >= 100) return true;
    return roll(`${this.seed}\u0000${entry.id}`) * 100 < entry.probability;
  }

  /**
   * The scanned text for a scan depth plus the recursion buffer, built once per (depth, level): the
   * buffer only grows between levels, so its length identifies it within a scan.
   */
  private text(depth: number, recursionText: string): { raw: string; folded: string } {
    const key = `${depth}:${recursionText.length}`;
    let text = this.texts.get(key);
    if (!text) {
      const window = depth <= 0 ? '' : this.options.messages.slice(-depth).join('\n');
      const raw = recursionText === '' ? window : `${window}\n${recursionText}`;
      text = { raw, folded: raw.toLowerCase() };
      this.texts.set(key, text);
    }
    return text;
  }
}

function textKey(key: string, entry: CompiledEntry): KeyMatcher {
  return { kind: 'text', key, folded: entry.caseSensitive ? key : key.toLowerCase() };
}

function matchKey(key: KeyMatcher, entry: CompiledEntry, raw: string, folded: string): boolean {
  if (key.kind !== 'text') return false;
  const haystack = entry.caseSensitive ? raw : folded;
  if (!entry.wholeWords) return haystack.includes(key.folded);
  for (let at = haystack.indexOf(key.folded); at !== -1; at = haystack.indexOf(key.folded, at + 1)) {
    if (!isWordChar(haystack, at - 1) && !isWordChar(haystack, at + key.folded.length)) return true;
  }
  return false;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
function isWordChar(text: string, index: number): boolean {
  return index >= 0 && index < text.length && WORD_CHAR.test(text[index]);
}

/** FNV-1a → [0, 1): a repeatable roll per (seed, entry). */
function roll(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x100000000;
}
