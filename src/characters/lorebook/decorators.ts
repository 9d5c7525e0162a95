import type { LorebookRole } from './types.js';

/** V3 decorators parsed from the head of an entry's content (spec §4), plus RisuAI extras seen in cards. */
export interface EntryDecorators {
  activateOnlyAfter?: number;
  activateOnlyEvery?: number;
  keepActivateAfterMatch?: true;
  dontActivateAfterMatch?: true;
  depth?: number;
  instructDepth?: number;
  reverseDepth?: number;
  reverseInstructDepth?: number;
  role?: LorebookRole;
  scanDepth?: number;
  instructScanDepth?: number;
  isGreeting?: number;
  position?: string;
  ignoreOnMaxContext?: true;
  /** Repeatable: each occurrence is one more group of which one key must match. */
  additionalKeys: string[][];
  excludeKeys?: string[];
  excludeKeysAll?: string[];
  isUserIcon?: string;
  activate?: true;
  dontActivate?: true;
  disableUiPrompts: Array<'system_prompt' | 'post_history_instructions'>;
  matchFullWord?: true;
  matchPartialWord?: true;
  probability?: number;
  priority?: number;
  recursive?: true;
  unrecursive?: true;
  noRecursiveSearch?: true;
}

export interface ParsedContent {
  decorators: EntryDecorators;
  /** The content with the decorator block and the newlines next to it removed. */
  content: string;
  /** Decorator names that were unknown or had invalid values (ignored, as the spec says). */
  ignored: string[];
}

type Handler = (value: string, into: EntryDecorators) => boolean;

const integer =
  (key: keyof EntryDecorators, min = 0): Handler =>
  (value, into) => {
    if (!/^-?\d+$/.test(value)) return false;
    const parsed = Number(value);
    if (parsed < min) return false;
    (into as unknown as Record<string, unknown>)[key] = parsed;
    return true;
  };

const flag =
  (key: keyof EntryDecorators): Handler =>
  (value, into) => {
    if (value !== '') return false;
    (into as unknown as Record<string, unknown>)[key] = true;
    return true;
  };

const keyList =
  (key: 'excludeKeys' | 'excludeKeysAll'): Handler =>
  (value, into) => {
    const keys = splitList(value);
    if (keys.length === 0) return false;
    into[key] = keys;
    return true;
  };

const POSITIONS = new Set([
  'after_desc',
  'before_desc',
  'personality',
  'scenario',
  'before_char',
  'after_char',
]);

const HANDLERS: Record<string, Handler> = {
  activate_only_after: integer('activateOnlyAfter'),
  activate_only_every: integer('activateOnlyEvery', 1),
  keep_activate_after_match: flag('keepActivateAfterMatch'),
  dont_activate_after_match: flag('dontActivateAfterMatch'),
  depth: integer('depth'),
  instruct_depth: integer('instructDepth'),
  reverse_depth: integer('reverseDepth'),
  reverse_instruct_depth: integer('reverseInstructDepth'),
  role: (value, into) => {
    if (value !== 'assistant' && value !== 'system' && value !== 'user') return false;
    into.role = value;
    return true;
  },
  scan_depth: integer('scanDepth'),
  instruct_scan_depth: integer('instructScanDepth'),
  is_greeting: integer('isGreeting'),
  position: (value, into) => {
    if (!POSITIONS.has(value) && !/^pt_\S+$/.test(value)) return false;
    into.position = value;
    return true;
  },
  ignore_on_max_context: flag('ignoreOnMaxContext'),
  additional_keys: (value, into) => {
    const keys = splitList(value);
    if (keys.length === 0) return false;
    into.additionalKeys.push(keys);
    return true;
  },
  exclude_keys: keyList('excludeKeys'),
  exclude_keys_all: keyList('excludeKeysAll'),
  is_user_icon: (value, into) => {
    if (value === '') return false;
    into.isUserIcon = value;
    return true;
  },
  activate: flag('activate'),
  dont_activate: flag('dontActivate'),
  disable_ui_prompt: (value, into) => {
    if (value !== 'system_prompt' && value !== 'post_history_instructions') return false;
    into.disableUiPrompts.push(value);
    return true;
  },
  match_full_word: flag('matchFullWord'),
  match_partial_word: flag('matchPartialWord'),
  probability: (value, into) => {
    const parsed = Number(value);
    if (value === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 100) return false;
    into.probability = parsed;
    return true;
  },
  priority: integer('priority', Number.MIN_SAFE_INTEGER),
  recursive: flag('recursive'),
  unrecursive: flag('unrecursive'),
  no_recursive_search: flag('noRecursiveSearch'),
};

const REPEATABLE = new Set(['additional_keys', 'disable_ui_prompt']);

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Parses the decorator block at the top of `content`. The block ends at the first line that does not
 * start with `@@` (RisuAI's rule). A fallback line `@@@name …` applies only when the decorator (or
 * fallback) just above it was unknown or ignored; a leading `@@@…` line has nothing to fall back from
 * and is eaten, as RisuAI does.
 */
export function parseDecorators(content: string): ParsedContent {
  const decorators: EntryDecorators = { additionalKeys: [], disableUiPrompts: [] };
  const ignored: string[] = [];
  const seen = new Set<string>();
  const lines = content.split(/\r?\n/);
  let index = 0;
  // Whether the previous line of the current chain took effect; fallbacks run only after a failure.
  let previousApplied: boolean | undefined;
  for (; index < lines.length && lines[index].startsWith('@@'); index++) {
    const line = lines[index];
    const isFallback = line.startsWith('@@@');
    if (isFallback && previousApplied !== false) continue;
    const body = line.slice(isFallback ? 3 : 2);
    const space = body.search(/\s/);
    const name = (space === -1 ? body : body.slice(0, space)).trim();
    const value = space === -1 ? '' : body.slice(space).trim();
    const handler = HANDLERS[name];
    let applied = false;
    if (handler && (!seen.has(name) || REPEATABLE.has(name))) {
      applied = handler(value, decorators);
      if (applied) seen.add(name);
    }
    if (!applied) ignored.push(name);
    previousApplied = applied;
  }
  if (index === 0) return { decorators, content, ignored };
  const rest = lines
    .slice(index)
    .join('\n')
    .replace(/^(?:\r?\n)+/, '');
  return { decorators, content: rest, ignored };
}

/** Removes the decorator block (for V2 backfills, which must carry no decorators). */
export function stripDecorators(content: string): string {
  return parseDecorators(content).content;
}
