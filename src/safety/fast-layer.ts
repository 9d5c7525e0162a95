import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { MessageKind } from '../chat/stages.js';
import { type NormalisedText, normalise } from './normalise.js';
import { violenceRules } from './rules/violence.js';
import { crimeRules } from './rules/crime.js';
import {
  CHILD_PROTECTIVE,
  ROMANTIC,
  SEXUAL,
  SUGGESTIVE_SEXUAL,
  childExploitationRules,
  minorSignalRules,
  realPersonRules,
  sexualRules,
} from './rules/sexual.js';
import { selfHarmRules } from './rules/self-harm.js';
import { harassmentRules, hateRules } from './rules/hate-harassment.js';
import { PERSONAL_DATA, injectionRules, privacyRules } from './rules/privacy-injection.js';
import { otherRules } from './rules/other.js';
import { operationalRules } from './rules/operational.js';
import { bodilyHarmRules } from './rules/bodily-harm.js';
import { extremismRules } from './rules/extremism.js';
import type { Rule } from './rules/vocabulary.js';
import { type Category, type CategoryHit, type Evidence, FLAG_THRESHOLD } from './taxonomy.js';

const RULES: Rule[] = [
  ...violenceRules,
  ...crimeRules,
  ...childExploitationRules,
  ...realPersonRules,
  ...sexualRules,
  ...selfHarmRules,
  ...hateRules,
  ...harassmentRules,
  ...privacyRules,
  ...injectionRules,
  ...otherRules,
  ...operationalRules,
  ...bodilyHarmRules,
  ...extremismRules,
];

const SLURS = new Set([
  'abeed',
  'africoon',
  'arabush',
  'boonga',
  'chingchong',
  'chink',
  'kike',
  'nigger',
  'fag',
  'dyke',
  'tranny',
]);
const OBSCENE_SEXUAL = new Set([
  'anal',
  'blowjob',
  'buttplug',
  'cum',
  'deepthroat',
  'dildo',
  'doggystyle',
  'double penetration',
  'ejaculate',
  'felch',
  'fellatio',
  'finger bang',
  'fisting',
  'gangbang',
  'handjob',
  'hentai',
  'jerk off',
  'jizz',
  'masturbate',
  'orgasm',
  'orgy',
  'penis',
  'porn',
  'pussy',
  'semen',
  'sex',
  'vagina',
  'wank',
]);
const SLUR_CONTEXT = re(
  '\\b(?:what does|meaning of|the word|the term|etymology|origin of|history of|why is .{0,20} offensive|slur)\\b',
);
const DIRECTED_SEXUAL =
  /\b(?:with me|to me|for me|touch me|kiss me|on me|my (?:cock|dick|bed|lap|room)|i want (?:you|her|him)|you'?re so (?:hot|sexy)|let'?s)\b/;

const ADULT_CHILD_ROMANCE =
  /\b(?:romantic|romance|love story|in love|dating|date me|relationship (?:between|with)|kiss(?:es|ing)? (?:me|you|her|him)|marry (?:me|you)|be my (?:girlfriend|boyfriend|wife|husband)|older (?:man|woman|guy)|grown (?:man|woman|up))\b/;

const obscenityMatcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

function re(source: string): RegExp {
  return new RegExp(source);
}

export interface FastSignals {
  /** Strongest minor signal (stated age < 18, school year, child-coded words), 0–1. */
  minor: number;
  sexual: boolean;
  suggestive: boolean;
  romantic: boolean;
  profanity: boolean;
  personalData: string[];
}

export interface FastResult {
  hits: CategoryHit[];
  signals: FastSignals;
  kind: MessageKind;
  normalised: string;
}

export interface FastContext {
  /** Recent messages of the same conversation: a stated age earlier still counts now. */
  history?: readonly string[];
}

/** The always-on local layer: rules over normalised text. No I/O; aims at well under 2 ms. */
export function classifyFast(text: string, context: FastContext = {}): FastResult {
  const views = normalise(text.length > 8000 ? text.slice(0, 8000) : text);
  const hits = new Map<Category, CategoryHit>();
  const add = (category: Category, score: number, evidence: Evidence) => {
    const existing = hits.get(category);
    if (!existing) {
      hits.set(category, { category, score, evidence: [evidence], source: 'fast' });
      return;
    }
    existing.score = Math.min(1, Math.max(existing.score, score) + 0.05);
    existing.evidence.push(evidence);
  };

  for (const rule of RULES) {
    const evidence = match(rule, views);
    if (evidence) add(rule.category, rule.score, evidence);
  }

  let profanity = false;
  let obsceneSexual: Evidence | undefined;
  for (const payload of obscenityMatcher.getAllMatches(text)) {
    profanity = true;
    const word = englishDataset.getPayloadWithPhraseMetadata(payload).phraseMetadata?.originalWord ?? '';
    const evidence = {
      rule: `obscenity.${word}`,
      start: payload.startIndex,
      end: payload.endIndex + 1,
      text: text.slice(payload.startIndex, payload.endIndex + 1),
    };
    if (SLURS.has(word) && !SLUR_CONTEXT.test(views.base)) add('hate', 0.6, evidence);
    if (OBSCENE_SEXUAL.has(word)) obsceneSexual ??= evidence;
  }

  const sexualHit = hits.get('sexual_content');
  if (!sexualHit && obsceneSexual && SEXUAL.test(views.leet)) add('sexual_content', 0.6, obsceneSexual);
  const sexual = hits.has('sexual_content');
  const suggestive = sexual || SUGGESTIVE_SEXUAL.test(views.leet);

  const minorEvidence = strongestMinor(views, context.history ?? []);
  const minor = minorEvidence?.score ?? 0;
  if (minorEvidence && suggestive) {
    const protective = CHILD_PROTECTIVE.test(views.base) && !DIRECTED_SEXUAL.test(views.base);
    const score = protective ? minor - 0.4 : sexual ? Math.max(minor, 0.9) : minor >= 0.8 ? 0.75 : 0.55;
    if (score >= FLAG_THRESHOLD) add('minor_sexual_roleplay', score, minorEvidence.evidence);
  }

  // Romance between an adult (or "me/you") and a child is minor-coded even without sexual words.
  if (
    minorEvidence &&
    minor >= 0.85 &&
    ADULT_CHILD_ROMANCE.test(views.base) &&
    !hits.has('minor_sexual_roleplay')
  ) {
    const protective = CHILD_PROTECTIVE.test(views.base) && !DIRECTED_SEXUAL.test(views.base);
    if (!protective) add('minor_sexual_roleplay', 0.7, minorEvidence.evidence);
  }

  const personalData = PERSONAL_DATA.filter(({ pattern }) => pattern.test(text)).map(({ kind }) => kind);
  const privacy = hits.get('privacy');
  if (privacy && personalData.length > 0) privacy.score = Math.min(1, privacy.score + 0.1);

  const romantic = ROMANTIC.test(views.base) || suggestive;
  return {
    hits: [...hits.values()].sort((a, b) => b.score - a.score),
    signals: { minor, sexual, suggestive, romantic, profanity, personalData },
    kind: sexual ? 'adult' : romantic ? 'romantic' : 'plain',
    normalised: views.base,
  };
}

function match(rule: Rule, views: NormalisedText): Evidence | undefined {
  if (
    rule.trigger &&
    !rule.trigger.test(views.base) &&
    (views.leet === views.base || !rule.trigger.test(views.leet))
  )
    return undefined;
  let found = rule.pattern.exec(views.base);
  if (!found && views.leet !== views.base) found = rule.pattern.exec(views.leet);
  if (!found) return undefined;
  if (rule.unless?.test(views.base)) return undefined;
  return { rule: rule.id, start: found.index, end: found.index + found[0].length, text: found[0] };
}

type MinorSignal = { score: number; evidence: Evidence };

function strongestMinor(views: NormalisedText, history: readonly string[]): MinorSignal | undefined {
  let best = minorSignalIn(views);
  for (const message of history.slice(-4)) {
    const earlier = minorSignalInEarlier(message);
    // A signal from an earlier message weighs a little less than one in this message.
    if (earlier && (!best || earlier.score - 0.1 > best.score))
      best = { score: earlier.score - 0.1, evidence: earlier.evidence };
  }
  return best;
}

function minorSignalIn(view: NormalisedText): MinorSignal | undefined {
  let best: MinorSignal | undefined;
  for (const rule of minorSignalRules) {
    const evidence = match(rule, view);
    if (evidence && (!best || rule.score > best.score)) best = { score: rule.score, evidence };
  }
  return best;
}

// The same earlier messages come back on every turn of a chat: their signal is remembered by text.
const earlierSignals = new Map<string, MinorSignal | null>();

function minorSignalInEarlier(message: string): MinorSignal | undefined {
  let signal = earlierSignals.get(message);
  if (signal === undefined) {
    signal = minorSignalIn(normalise(message)) ?? null;
    if (earlierSignals.size >= 2_000) earlierSignals.delete(earlierSignals.keys().next().value!);
    earlierSignals.set(message, signal);
  }
  return signal ?? undefined;
}

/** The hits at or above the flag threshold. */
export function flaggedHits(result: { hits: CategoryHit[] }): CategoryHit[] {
  return result.hits.filter((hit) => hit.score >= FLAG_THRESHOLD);
}

let warmedUp = false;

/**
 * Compiles every rule's regexes ahead of the first message: V8 compiles a regex lazily and tiers
 * it up after a few runs, which otherwise shows up as a few slow first turns.
 */
export function warmUpFastLayer(): void {
  if (warmedUp) return;
  warmedUp = true;
  const samples = [
    'hello there',
    'how do i kill someone with a gun',
    `${'just some ordinary words '.repeat(20)}?`,
  ];
  for (const rule of [...RULES, ...minorSignalRules]) {
    for (let round = 0; round < 3; round += 1) {
      for (const sample of samples) {
        rule.trigger?.test(sample);
        rule.pattern.exec(sample);
        rule.unless?.test(sample);
      }
    }
  }
  for (const sample of samples) classifyFast(sample);
}
