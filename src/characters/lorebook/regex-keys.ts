import vm from 'node:vm';
import safeRegex from 'safe-regex2';

/**
 * Regex lorebook keys, written `/pattern/flags` as in SillyTavern. Card authors are untrusted, so a
 * key could be a ReDoS bomb (`/(a+)+$/`). Node has no linear-time engine without process flags, so
 * the guard is layered:
 *  1. validation refuses patterns over 300 characters, unknown flags, backreferences (matching with
 *     them is NP-hard) and nested quantifiers (star height > 1, via safe-regex2);
 *  2. the scanned text is capped (the newest 50,000 characters);
 *  3. every test runs in a `vm` context with a 25 ms timeout, which interrupts a runaway backtrack;
 *     a key that times out twice in a row never matches again (per RegExp object, i.e. per compiled book).
 * Invalid keys never match (spec §4), they do not fail the card.
 */
export const MAX_REGEX_PATTERN_LENGTH = 300;
export const MAX_REGEX_INPUT_LENGTH = 50_000;
export const REGEX_TIMEOUT_MS = 25;

export type RegexKeyResult = { ok: true; regex: RegExp } | { ok: false; reason: string };

const DELIMITED = /^\/([\s\S]+)\/([a-z]*)$/;

/** Whether a key is written as a regex literal. */
export function isRegexKey(key: string): boolean {
  return DELIMITED.test(key);
}

export function compileRegexKey(key: string): RegexKeyResult {
  const match = DELIMITED.exec(key);
  if (!match) return { ok: false, reason: 'not written /pattern/flags' };
  const [, pattern, rawFlags] = match;
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) {
    return { ok: false, reason: `pattern longer than ${MAX_REGEX_PATTERN_LENGTH} characters` };
  }
  if (!/^[gimsuy]*$/.test(rawFlags) || new Set(rawFlags).size !== rawFlags.length) {
    return { ok: false, reason: `invalid flags "${rawFlags}"` };
  }
  // g and y make RegExp#test stateful (lastIndex); matching is a yes/no question, so drop them.
  const flags = rawFlags.replace(/[gy]/g, '');
  if (/\\[1-9]|\\k</.test(pattern)) return { ok: false, reason: 'backreferences are not allowed' };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (!safeRegex(regex)) return { ok: false, reason: 'nested quantifiers can backtrack catastrophically' };
  return { ok: true, regex };
}

const sandbox = vm.createContext({ re: /$^/, list: [] as RegExp[], text: '' });
const runTest = new vm.Script('re.test(text)');
const runBatch = new vm.Script('list.map((re) => re.test(text))');
const timedOut = new WeakSet<RegExp>();

/**
 * Tests `regex` against the newest part of `text` under a timeout; a timeout counts as no match.
 * A first timeout is retried once: the first vm call in a cold process on a busy machine can take
 * longer than the timeout by itself, and poisoning a harmless key for that would be wrong.
 */
export function testRegexKey(regex: RegExp, text: string): boolean {
  if (timedOut.has(regex)) return false;
  sandbox.re = regex;
  sandbox.text = text.length > MAX_REGEX_INPUT_LENGTH ? text.slice(-MAX_REGEX_INPUT_LENGTH) : text;
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return runTest.runInContext(sandbox, { timeout: REGEX_TIMEOUT_MS }) === true;
      } catch {
        // timed out: retry once, then give up on this key for good
      }
    }
    timedOut.add(regex);
    return false;
  } finally {
    sandbox.text = '';
  }
}

/**
 * Tests many keys against one text in a single vm call (a timed vm call costs ~0.1 ms of watchdog
 * set-up, which dominated scans of books with hundreds of regex keys). If the batch times out, each key
 * is retried alone so only the runaway one is given up on.
 */
export function testRegexKeys(regexes: readonly RegExp[], text: string): boolean[] {
  const live = regexes.filter((regex) => !timedOut.has(regex));
  if (live.length === 0) return regexes.map(() => false);
  sandbox.list = live;
  sandbox.text = text.length > MAX_REGEX_INPUT_LENGTH ? text.slice(-MAX_REGEX_INPUT_LENGTH) : text;
  let results: boolean[] | undefined;
  try {
    results = runBatch.runInContext(sandbox, { timeout: REGEX_TIMEOUT_MS * 4 }) as boolean[];
  } catch {
    results = undefined;
  } finally {
    sandbox.list = [];
    sandbox.text = '';
  }
  const byRegex = new Map<RegExp, boolean>(
    live.map((regex, index) => [regex, results ? results[index] === true : testRegexKey(regex, text)]),
  );
  return regexes.map((regex) => byRegex.get(regex) ?? false);
}
