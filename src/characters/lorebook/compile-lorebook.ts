import { isRecord, toBoolean, toNumber, toStringList } from './coerce.js';
import { type EntryDecorators, parseDecorators } from './decorators.js';
import { normaliseLorebook } from './normalise-lorebook.js';
import { compileRegexKey, isRegexKey } from './regex-keys.js';
import type { Lorebook, LorebookEntry, LorebookPosition, LorebookRole } from './types.js';

/** SillyTavern `extensions.selectiveLogic`: 0 AND ANY, 1 NOT ALL, 2 NOT ANY, 3 AND ALL. */
export type SelectiveLogic = 'and_any' | 'not_all' | 'not_any' | 'and_all';

export type KeyMatcher =
  | { kind: 'text'; key: string; folded: string }
  | { kind: 'regex'; key: string; regex: RegExp }
  | { kind: 'invalid'; key: string; reason: string };

/** One entry with every card/app convention resolved, ready for scanning. */
export interface CompiledEntry {
  id: string;
  index: number;
  enabled: boolean;
  constant: boolean;
  keys: KeyMatcher[];
  secondaryKeys: KeyMatcher[];
  selective: boolean;
  logic: SelectiveLogic;
  content: string;
  position: LorebookPosition;
  customPosition?: string;
  depth?: number;
  reverseDepth?: number;
  role?: LorebookRole;
  order: number;
  priority: number;
  probability?: number;
  scanDepth?: number;
  caseSensitive: boolean;
  wholeWords: boolean;
  excludeRecursion: boolean;
  preventRecursion: boolean;
  delay?: number;
  /** RisuAI folder rows (`mode: "folder"`) organise entries and are never inserted. */
  isFolder: boolean;
  decorators: EntryDecorators;
}

export interface CompiledLorebook {
  entries: CompiledEntry[];
  scanDepth?: number;
  tokenBudget?: number;
  recursiveScanning: boolean;
  /** Every valid regex key of the book, tested in one batch per scanned text. */
  regexKeys: RegExp[];
  /** Human notes about keys or decorators that were ignored (invalid regex, unknown decorator…). */
  warnings: string[];
}

const ST_POSITIONS: Record<number, LorebookPosition> = {
  0: 'before_char',
  1: 'after_char',
  2: 'author_note_top',
  3: 'author_note_bottom',
  4: 'at_depth',
  5: 'examples_top',
  6: 'examples_bottom',
};
const ST_ROLES: Record<number, LorebookRole> = { 0: 'system', 1: 'user', 2: 'assistant' };
const ST_LOGIC: Record<number, SelectiveLogic> = { 0: 'and_any', 1: 'not_all', 2: 'not_any', 3: 'and_all' };
const DECORATOR_POSITIONS = new Set([
  'before_desc',
  'after_desc',
  'personality',
  'scenario',
  'before_char',
  'after_char',
]);

/** Resolves a card lorebook (any shape; normalised first) into the engine model. Pure. */
export function compileLorebook(book: Lorebook | unknown): CompiledLorebook {
  const normalised = normaliseLorebook(book);
  const warnings: string[] = [];
  const usedIds = new Set<string>();
  const entries = normalised.entries.map((entry, index) => {
    const compiled = compileEntry(entry, index, normalised, warnings);
    if (usedIds.has(compiled.id)) compiled.id = `${compiled.id}#${index}`;
    usedIds.add(compiled.id);
    return compiled;
  });
  return {
    entries,
    scanDepth: nonNegative(normalised.scan_depth),
    tokenBudget: nonNegative(normalised.token_budget),
    recursiveScanning: normalised.recursive_scanning !== false,
    regexKeys: entries.flatMap((entry) =>
      [...entry.keys, ...entry.secondaryKeys].flatMap((key) => (key.kind === 'regex' ? [key.regex] : [])),
    ),
    warnings,
  };
}

function compileEntry(
  entry: LorebookEntry,
  index: number,
  book: Lorebook,
  warnings: string[],
): CompiledEntry {
  const ext = entry.extensions;
  const parsed = parseDecorators(entry.content);
  const decorators = parsed.decorators;
  const id =
    entry.id !== undefined && entry.id !== null && entry.id !== '' ? String(entry.id) : `entry-${index}`;
  for (const name of parsed.ignored) warnings.push(`Entry ${id}: decorator @@${name} was ignored.`);

  const caseSensitive =
    toBoolean(entry.case_sensitive) ??
    toBoolean(ext.case_sensitive) ??
    toBoolean(ext.risu_case_sensitive) ??
    false;
  const wholeWords = decorators.matchFullWord
    ? true
    : decorators.matchPartialWord
      ? false
      : (toBoolean(ext.match_whole_words) ??
        toBoolean(entry.whole_words_only) ??
        toBoolean(isRecord(book.extensions) ? book.extensions.risu_fullWordMatching : undefined) ??
        false);
  const compileKeys = (keys: readonly string[]) =>
    keys
      .filter((key) => key.trim() !== '') // keys of [""] never fire (spec §8)
      .map((key): KeyMatcher => {
        if (!isRegexKey(key)) return { kind: 'text', key, folded: caseSensitive ? key : key.toLowerCase() };
        const result = compileRegexKey(key);
        if (result.ok) return { kind: 'regex', key, regex: result.regex };
        warnings.push(`Entry ${id}: regex key ${key.slice(0, 60)} never matches (${result.reason}).`);
        return { kind: 'invalid', key, reason: result.reason };
      });

  let position: LorebookPosition = entry.position === 'after_char' ? 'after_char' : 'before_char';
  let depth: number | undefined;
  let role: LorebookRole | undefined;
  const stPosition = toNumber(ext.position);
  if (stPosition !== undefined && ST_POSITIONS[stPosition]) {
    position = ST_POSITIONS[stPosition];
    if (position === 'at_depth') {
      depth = nonNegative(toNumber(ext.depth)) ?? 4;
      role = ST_ROLES[toNumber(ext.role) ?? 0] ?? 'system';
    }
  }
  let customPosition: string | undefined;
  let reverseDepth: number | undefined;
  if (decorators.position !== undefined) {
    if (DECORATOR_POSITIONS.has(decorators.position)) position = decorators.position as LorebookPosition;
    else customPosition = decorators.position;
    depth = undefined;
  } else if (decorators.depth !== undefined) {
    position = 'at_depth';
    depth = decorators.depth;
  } else if (decorators.reverseDepth !== undefined) {
    position = 'at_depth';
    depth = undefined;
    reverseDepth = decorators.reverseDepth;
  }
  if (position === 'at_depth') role = decorators.role ?? role ?? 'system';
  else if (decorators.role) role = decorators.role;

  const useProbability = toBoolean(ext.useProbability ?? entry.useProbability) ?? true;
  const probability =
    decorators.probability ??
    (useProbability ? toNumber(ext.probability ?? entry.probability) : undefined) ??
    toNumber(ext.risu_activationPercent);

  return {
    id,
    index,
    enabled: entry.enabled !== false,
    constant: entry.constant === true,
    // Uncoercible values are kept in the card as found, so coerce again here.
    keys: compileKeys(toStringList(entry.keys) ?? []),
    secondaryKeys: compileKeys(toStringList(entry.secondary_keys) ?? []),
    selective: entry.selective === true,
    // chub writes selectiveLogic/probability on the entry itself rather than in extensions.
    logic: ST_LOGIC[toNumber(ext.selectiveLogic ?? entry.selectiveLogic) ?? 0] ?? 'and_any',
    content: parsed.content,
    position,
    customPosition,
    depth,
    reverseDepth,
    role,
    order: toNumber(entry.insertion_order) ?? 100,
    priority: decorators.priority ?? toNumber(entry.priority) ?? toNumber(entry.insertion_order) ?? 100,
    probability: probability === undefined ? undefined : Math.min(100, Math.max(0, probability)),
    scanDepth: decorators.scanDepth ?? nonNegative(toNumber(ext.scan_depth)),
    caseSensitive,
    wholeWords,
    excludeRecursion: toBoolean(ext.exclude_recursion) === true || decorators.noRecursiveSearch === true,
    preventRecursion: toBoolean(ext.prevent_recursion) === true || decorators.unrecursive === true,
    delay: nonNegative(toNumber(ext.delay)) || undefined,
    isFolder: entry.mode === 'folder',
    decorators,
  };
}

function nonNegative(value: number | undefined): number | undefined {
  return value === undefined || value < 0 ? undefined : Math.floor(value);
}
