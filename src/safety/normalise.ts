/**
 * Text normalisation for the fast layer: undoes the cheap tricks people use to slip words past
 * filters (look-alike letters, leetspeak, spaced or dotted letters, zero-width characters,
 * stretched letters) while keeping digits that carry meaning (ages, grades) intact.
 * Evidence spans refer to the normalised text.
 */

// Format characters that render as nothing: zero-width space/joiners, bidi marks, soft hyphen, BOM.
// (Invisible combining marks such as variation selectors go with the other marks below.)
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\u3164\uFEFF\uFFA0]/g;
const COMBINING = /\p{M}+/gu;

// Cyrillic and Greek letters that look like Latin ones (the common subset of Unicode confusables).
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ѕ: 's',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  һ: 'h',
  ӏ: 'l',
  ʏ: 'y',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ℓ: 'l',
  ı: 'i',
  ø: 'o',
  ð: 'd',
  þ: 'p',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};
const CONFUSABLE_PATTERN = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
  '€': 'e',
  '£': 'l',
};

// A token mixing letters with leet symbols, e.g. "k1ll", "s3x", "@ss". Tokens that are a number with
// a unit or an age marker ("15yo", "8th", "5ft") keep their digits.
const MIXED_TOKEN = /[a-z0-9@$!|+€£]*[a-z][a-z0-9@$!|+€£]*/g;
const NUMBER_WITH_SUFFIX =
  /^\d+(yo|yrs?|years?|th|st|nd|rd|s|m|f|k|am|pm|ft|cm|mm|kg|lbs?|mg|ml|g|x|h|hr|min)$/;

// Three or more single letters separated by one separator: "k i l l", "s.e.x", "k-i-l-l".
const SPACED_LETTERS = /(?<![a-z])(?:[a-z][ .\-_*·•]){2,}[a-z](?![a-z])/g;

export interface NormalisedText {
  /** Lower-case, NFKC, confusables folded, invisibles removed, spacing tricks joined, runs shortened. */
  base: string;
  /**
   * `base` with leetspeak decoded inside mixed tokens and stretched letters squeezed to one; equal to
   * `base` when there is nothing to decode.
   */
  leet: string;
}

export function normalise(input: string): NormalisedText {
  let text = input.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  text = text.replace(CONFUSABLE_PATTERN, (letter) => CONFUSABLES[letter] ?? letter);
  // Strip accents (é → e) but keep the letter; NFKC first so ligatures and full-width forms fold too.
  text = text.normalize('NFD').replace(COMBINING, '').normalize('NFC');
  text = text.replace(/[\u2018\u2019\u02BC`´]/g, "'").replace(/[\u201C\u201D]/g, '"');
  text = text.replace(SPACED_LETTERS, (run) => run.replace(/[ .\-_*·•]/g, ''));
  // "killlll" → "kill", "pleeeease" → "pleease": runs of 3+ become 2 (doubles are real English).
  text = toOneByte(text.replace(/\s+/g, ' ').trim());
  // Stretched letters: "killlll" → "kill" in base; "myyyyself" → "myself" in the second view, since
  // a run of three says nothing about whether the word has a double letter.
  const stretched = /([a-z])\1{2,}/.test(text);
  const base = stretched ? text.replace(/([a-z])\1{2,}/g, '$1$1') : text;
  const leet = decodeLeet(stretched ? text.replace(/([a-z])\1{2,}/g, '$1') : text);
  return { base, leet };
}

function decodeLeet(text: string): string {
  if (!/[0-9@$!|+€£]/.test(text)) return text;
  return text.replace(MIXED_TOKEN, (token) => {
    if (!/[0-9@$!|+€£]/.test(token) || NUMBER_WITH_SUFFIX.test(token)) return token;
    // A trailing "!" is punctuation, not an "i".
    const core = token.replace(/!+$/, '');
    const decoded = core.replace(/[0-9@$!|+€£]/g, (symbol) => LEET[symbol] ?? symbol);
    return decoded + token.slice(core.length);
  });
}

/**
 * V8 compiles a regex separately for one-byte and two-byte strings, and strings that passed through
 * NFD stay two-byte even when only Latin-1 is left. Re-encoding keeps every message on the one
 * (warmed-up) compiled version instead of paying a fresh compile of every rule.
 */
function toOneByte(text: string): string {
  return /[^\x00-\xff]/.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}
