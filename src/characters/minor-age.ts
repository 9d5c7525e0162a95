/**
 * Adults only (issue 4): finds a stated or implied age under 18 anywhere in a design doc. Pure and
 * deliberately conservative — a false refusal costs the creator an edit, a miss is unacceptable.
 * Words that are also normal in an adult's story ("child", "kid", "teen") only count when they
 * describe the character now ("she is a teen", "a kid who…"), not the past ("as a child", "when she was
 * a teenager") or someone else ("her child").
 */
export interface MinorAgeSignal {
  /** Path of the field inside the doc, e.g. `['backstory']` or `['greetings', 2]`. */
  path: (string | number)[];
  /** The text that triggered the signal. */
  match: string;
}

const numberWords: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
};
const numberWord = Object.keys(numberWords).join('|');
const ageNumber = `(\\d{1,3}|${numberWord})`;

function toAge(raw: string): number {
  const lower = raw.toLowerCase();
  return numberWords[lower] ?? Number.parseInt(lower, 10);
}

/** Patterns whose captured number is an age; a number under 18 is a signal. */
const numericAgePatterns: RegExp[] = [
  new RegExp(`\\b${ageNumber}[\\s-]*(?:years?|yrs?|yo)[\\s-]*old\\b`, 'gi'),
  new RegExp(`\\b${ageNumber}\\s*(?:y\\/o|y\\.o\\.?|yo)\\b`, 'gi'),
  new RegExp(`\\b${ageNumber}[\\s-]+years?\\s+of\\s+age\\b`, 'gi'),
  new RegExp(
    `\\baged?\\s*[:=]?\\s*(?:of\\s+|is\\s+|just\\s+|only\\s+)?${ageNumber}\\b(?!\\s*(?:years?\\s+ago|%|cm|kg))`,
    'gi',
  ),
  new RegExp(
    `\\b(?:looks?|looking|appears?|appearing|seems?|passes?\\s+for)\\s+(?:like\\s+)?(?:about\\s+|around\\s+|only\\s+|barely\\s+)?${ageNumber}\\b`,
    'gi',
  ),
  new RegExp(
    `\\b(?:i'?m|i\\s+am|s?he'?s|s?he\\s+is|they\\s+are|they'?re)\\s+(?:only\\s+|just\\s+|barely\\s+)?${ageNumber}(?=\\s*(?:[.,!;)]|$|and\\b|but\\b|years?\\b))`,
    'gi',
  ),
  new RegExp(`\\b(?:turning|turned|just\\s+turned)\\s+${ageNumber}\\b`, 'gi'),
  new RegExp(`\\b${ageNumber}(?:st|nd|rd|th)\\s+birthday\\b`, 'gi'),
];

/** Terms that on their own place someone under 18. */
const unambiguousPattern = new RegExp(
  [
    '\\bunder[\\s-]?age(?:d)?\\b',
    '\\bpre[\\s-]?teens?\\b',
    '\\btweens?\\b',
    '\\bloli(?:ta|con)?\\b',
    '\\bshota(?:con)?\\b',
    '\\b(?:middle|junior\\s+high|grade|elementary|primary)[\\s-]?school(?:er|ers)\\b',
    '\\b(?:middle|junior\\s+high|grade|elementary|primary)[\\s-]?school\\s+(?:student|girl|boy|kid|pupil)s?\\b',
    "\\b(?:is|am|are|'m|'s|'re|still)\\s+(?:still\\s+)?in\\s+(?:middle|junior\\s+high|grade|elementary|primary|high)[\\s-]?school\\b",
    '\\bhigh[\\s-]?school(?:er|ers)\\b',
    '\\bhigh[\\s-]?school\\s+(?:freshman|freshmen|sophomore|junior|senior|student|girl|boy|kid|pupil)s?\\b',
    '\\b(?:freshman|sophomore)\\s+(?:in|at)\\s+high[\\s-]?school\\b',
    '\\b(?:[1-9]|1[0-2]|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)(?:st|nd|rd|th)?[\\s-]graders?\\b',
    "\\b(?:is|am|are|'m|'s|'re|still)\\s+in\\s+(?:the\\s+)?(?:[1-9]|1[0-2]|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)(?:st|nd|rd|th)?[\\s-]grade\\b",
    '\\bjailbait\\b',
    '\\b(?:toddler|infant|newborn|kindergartn?er)s?\\b',
    '\\bnot\\s+(?:yet\\s+)?(?:an\\s+adult|18|eighteen)\\b',
    '\\bminor\\s+(?:character|girl|boy)\\b',
  ].join('|'),
  'gi',
);

/** Terms that are a signal only when they describe the character in the present. */
const ambiguousTerm =
  '(?:child|kid|minor|teen|teenager|teenaged|adolescent|young\\s+teen|schoolgirl|schoolboy|school\\s+girl|school\\s+boy|little\\s+girl|little\\s+boy|girl\\s+child|boy\\s+child|juvenile|youngster)';
const presentIdentityPattern = new RegExp(
  [
    // "she is a teen", "I'm just a kid", "you are a minor", "he's still a child"
    `\\b(?:i'?m|i\\s+am|you'?re|you\\s+are|s?he'?s|s?he\\s+is|they'?re|they\\s+are|it'?s|is|am|are|remains?|plays?|portrays?)\\s+(?:still\\s+|only\\s+|just\\s+|basically\\s+|practically\\s+|technically\\s+)?(?:a\\s+|an\\s+)?(?:(?:young|little|small|shy|cute|sweet|bratty|curious|lonely)\\s+)*${ambiguousTerm}s?\\b`,
    // "a teen who…", "a child with…" at a clause start describing the character
    `(?:^|[.!?:;\\n]\\s*)(?:a|an|the)\\s+(?:(?:young|little|small|shy|cute|sweet|bratty|curious|lonely)\\s+)*${ambiguousTerm}\\b`,
  ].join('|'),
  'gi',
);

/** Whole-field values that are only a minor-describing word ("teen", "child", "schoolgirl"). */
const wholeFieldTerm = new RegExp(
  `^\\s*(?:a\\s+|an\\s+)?(?:young\\s+|little\\s+)?${ambiguousTerm}\\s*$`,
  'i',
);

/** Text right before a match that puts it in the past or on someone else. */
const pastOrOtherBefore =
  /(?:\bas\s+(?:a|an)\s*$|\bwhen\s+(?:i|he|she|they|we|you)\s+(?:was|were)\s+(?:(?:still|just|only)\s+)?(?:a|an)?\s*$|\b(?:since|back)\s+(?:i|he|she|they|we)\s+(?:was|were)\s+(?:a|an)?\s*$|\b(?:her|his|their|my|your|our|a\s+neighbou?r'?s)\s+(?:(?:young|little|only|own)\s+)*$)/i;

function isPastOrOther(textValue: string, index: number): boolean {
  const before = textValue.slice(Math.max(0, index - 40), index);
  return pastOrOtherBefore.test(before);
}

/** Past-tense age statements about the character ("at 16 she ran away") are not signals. */
const pastAgeBefore =
  /(?:\bwhen\s+(?:i|he|she|they|we|you)\s+(?:was|were)\s*$|\b(?:at|by|since|until|ago,?|aged\s+)\s*$|\bat\s+(?:age|the\s+age\s+of)\s*$|\bwas\s+(?:only\s+|just\s+)?$)/i;

function signalsInText(value: string): string[] {
  const found: string[] = [];
  for (const pattern of numericAgePatterns) {
    for (const match of value.matchAll(pattern)) {
      const age = toAge(match[1] ?? '');
      if (!Number.isFinite(age) || age >= 18) continue;
      const before = value.slice(Math.max(0, (match.index ?? 0) - 30), match.index ?? 0);
      // "when she was 16 years old" describes the past; "a 16-year-old" does not.
      if (pastAgeBefore.test(before) && !/\b(?:looks?|appears?|seems?)\b/i.test(match[0])) continue;
      found.push(match[0].trim());
    }
  }
  for (const match of value.matchAll(unambiguousPattern)) {
    if (isPastOrOther(value, match.index ?? 0)) continue;
    const before = value.slice(Math.max(0, (match.index ?? 0) - 30), match.index ?? 0);
    if (/\b(?:in|at|from|during|through|since|after|finished|left|dropped\s+out\s+of)\s+$/i.test(before))
      continue;
    found.push(match[0].trim());
  }
  for (const match of value.matchAll(presentIdentityPattern)) {
    const offset = (match.index ?? 0) + match[0].search(/\S/);
    if (isPastOrOther(value, offset)) continue;
    found.push(match[0].replace(/^[\s.!?:;]+/, '').trim());
  }
  if (wholeFieldTerm.test(value)) found.push(value.trim());
  return found;
}

function walk(value: unknown, path: (string | number)[], out: MinorAgeSignal[]): void {
  if (typeof value === 'string') {
    for (const match of signalsInText(value)) out.push({ path, match });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(item, [...path, index], out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], out);
  }
}

/**
 * Every hint in any text field that the character is under 18. The `age` field is stricter: any
 * number under 18 in it counts ("16", "appears 15, actually 500").
 */
export function findMinorAgeSignals(doc: unknown): MinorAgeSignal[] {
  const signals: MinorAgeSignal[] = [];
  walk(doc, [], signals);
  const age = doc && typeof doc === 'object' ? (doc as { age?: unknown }).age : undefined;
  if (typeof age === 'number' && age < 18) signals.push({ path: ['age'], match: String(age) });
  if (typeof age === 'string') {
    for (const match of age.matchAll(new RegExp(`\\b${ageNumber}\\b`, 'gi'))) {
      const number = toAge(match[1] ?? '');
      if (number < 18 && !signals.some((signal) => signal.path[0] === 'age' && signal.match === match[0])) {
        signals.push({ path: ['age'], match: match[0] });
      }
    }
  }
  return signals;
}
