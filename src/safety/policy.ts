import type { ModerationAction } from '../chat/stages.js';
import { type Category, type CategoryHit, FLAG_THRESHOLD } from './taxonomy.js';

/**
 * The policy engine: a pure function from what was detected and who is involved to what happens.
 * Detection (fast layer, model layer) never decides; it only reports categories and scores.
 */
export interface PolicyActor {
  ageVerified: boolean;
  nsfwOptIn: boolean;
  /** Active strikes on the account. */
  strikes: number;
}

export interface PolicyCharacter {
  rating: 'sfw' | 'nsfw';
  creatorVerified: boolean;
  /** The character reads as under 18 (design doc, publish scan or moderator flag). */
  minorCoded: boolean;
}

export interface PolicyOptions {
  /** Zero tolerance: sexual content involving minors suspends the account at once. */
  suspendOnMinorSexual: boolean;
  /** From this many strikes on, soft categories are blocked instead of redirected. */
  strictAfterStrikes: number;
}

export const defaultPolicyOptions: PolicyOptions = { suspendOnMinorSexual: true, strictAfterStrikes: 2 };

/**
 * Classifier-only hits (no rule or guard model agrees) below this score are "middling": they are
 * redirected and reviewed, never blocked or struck, because a statistical model's mistakes must not
 * punish users (issue 15 item 3).
 */
export const CLASSIFIER_SURE = 0.9;
/** Sexual content involving minors is a hard line: the classifier alone blocks from this score. */
export const MINOR_CLASSIFIER_BLOCK = 0.35;

export interface PolicyInput {
  /** `source` tells rule and model hits from the trained classifier's (absent = a rule hit). */
  hits: readonly { category: Category; score: number; source?: CategoryHit['source'] }[];
  direction: 'input' | 'output';
  actor: PolicyActor;
  character: PolicyCharacter;
  options?: PolicyOptions;
}

/** Stable codes the client sees; they name the rule that applied, never a classifier or a score. */
export type PolicyCode =
  | 'ok'
  | 'minor_safety'
  | 'self_harm_support'
  | 'dangerous_weapons'
  | 'illegal_activity'
  | 'real_person_sexual'
  | 'privacy'
  | 'adult_content_unavailable'
  | 'hate'
  | 'harassment'
  | 'prompt_injection'
  | 'restricted_topic';

export interface PolicyDecision {
  action: ModerationAction;
  code: PolicyCode;
  /** A person should look at this (the review queue). */
  review: boolean;
  /** Counts against the user. Never for output (the model wrote it) and never for self-harm. */
  strike: boolean;
  /** Suspend the account now (zero-tolerance lines), independent of strike thresholds. */
  suspend: boolean;
  /** The categories that drove the decision. */
  categories: Category[];
}

const CRIME: Category[] = ['violent_crimes', 'non_violent_crimes', 'sex_related_crimes'];
const SOFT: Category[] = [
  'defamation',
  'specialized_advice',
  'intellectual_property',
  'elections',
  'code_interpreter_abuse',
];

export function decidePolicy(input: PolicyInput): PolicyDecision {
  const options = input.options ?? defaultPolicyOptions;
  const flagged = new Map<Category, number>();
  // Categories some rule or guard model flagged; the rest of `flagged` stands on the classifier alone.
  const confirmed = new Set<Category>();
  for (const hit of input.hits) {
    const classifier = hit.source === 'classifier';
    const floor =
      classifier && hit.category === 'child_sexual_exploitation' ? MINOR_CLASSIFIER_BLOCK : FLAG_THRESHOLD;
    if (hit.score < floor) continue;
    flagged.set(hit.category, Math.max(flagged.get(hit.category) ?? 0, hit.score));
    if (!classifier) confirmed.add(hit.category);
  }
  const has = (...categories: Category[]) => categories.filter((category) => flagged.has(category));
  /** Flagged by the classifier alone, below CLASSIFIER_SURE. */
  const isMiddling = (categories: Category[]) =>
    categories.every(
      (category) => !confirmed.has(category) && (flagged.get(category) ?? 0) < CLASSIFIER_SURE,
    );
  const isInput = input.direction === 'input';
  const { actor, character } = input;

  const outcome = (
    action: ModerationAction,
    code: PolicyCode,
    categories: Category[],
    flags: { review?: boolean; strike?: boolean; suspend?: boolean } = {},
  ): PolicyDecision => ({
    action,
    code,
    categories,
    review: flags.review ?? false,
    strike: isInput && (flags.strike ?? false),
    suspend: isInput && (flags.suspend ?? false),
  });

  // 1. Minors: zero tolerance. A minor-coded character turns any sexual content into this line.
  const minors = has('child_sexual_exploitation', 'minor_sexual_roleplay');
  if (character.minorCoded && flagged.has('sexual_content')) minors.push('sexual_content');
  if (minors.length > 0) {
    // Blocked even on a middling classifier score, but strikes and suspension need more than that.
    const classifierOnly = isMiddling(minors);
    return outcome('block', 'minor_safety', minors, {
      review: true,
      strike: !classifierOnly,
      suspend: !classifierOnly && options.suspendOnMinorSexual,
    });
  }

  // 2. Self-harm: care, never punishment (but a person looks). A middling classifier-only self-harm
  // score does not override a hard line a rule confirmed ("cook meth in my garage" is a crime request,
  // not a cry for help).
  const hardLines = has('indiscriminate_weapons', 'real_person_sexual', 'privacy', ...CRIME);
  const ruleConfirmedHardLine = hardLines.some((category) => confirmed.has(category));
  if (flagged.has('self_harm') && !(isMiddling(['self_harm']) && ruleConfirmedHardLine))
    return outcome('crisis', 'self_harm_support', ['self_harm'], { review: true });

  // 3. The other hard lines. A middling classifier-only hit is redirected and reviewed instead.
  if (hardLines.length > 0 && isMiddling(hardLines)) {
    const code: PolicyCode = hardLines.includes('indiscriminate_weapons')
      ? 'dangerous_weapons'
      : hardLines.includes('real_person_sexual')
        ? 'real_person_sexual'
        : hardLines.includes('privacy')
          ? 'privacy'
          : 'illegal_activity';
    return outcome('safe_reply', code, hardLines, { review: true });
  }
  if (flagged.has('indiscriminate_weapons')) {
    return outcome('block', 'dangerous_weapons', ['indiscriminate_weapons'], { review: true, strike: true });
  }
  if (flagged.has('real_person_sexual')) {
    return outcome('block', 'real_person_sexual', ['real_person_sexual'], { review: true, strike: true });
  }
  if (flagged.has('privacy')) return outcome('block', 'privacy', ['privacy'], { review: true, strike: true });
  const crimes = has(...CRIME);
  if (crimes.length > 0) return outcome('block', 'illegal_activity', crimes, { review: true, strike: true });

  // 4. Redirections: the conversation goes on, in character.
  const strict = isInput && actor.strikes >= options.strictAfterStrikes;
  const soft = (code: PolicyCode, categories: Category[], review = false) =>
    outcome(strict ? 'block' : 'safe_reply', code, categories, { review: review || strict });

  if (flagged.has('hate')) {
    // A classifier-only hate hit never escalates to a block, even for users with strikes.
    if (isMiddling(['hate'])) return outcome('safe_reply', 'hate', ['hate'], { review: true });
    return soft('hate', ['hate'], (flagged.get('hate') ?? 0) >= 0.75);
  }
  if (flagged.has('harassment')) {
    const score = flagged.get('harassment') ?? 0;
    // Venting at the companion is not a threat; threats and harassment campaigns are.
    if (isInput && score < 0.8) {
      if (!flagged.has('sexual_content')) return outcome('allow', 'ok', []);
    } else if (isMiddling(['harassment'])) {
      return outcome('safe_reply', 'harassment', ['harassment'], { review: true });
    } else {
      return soft('harassment', ['harassment'], true);
    }
  }
  if (flagged.has('sexual_content')) {
    const adultAllowed =
      actor.ageVerified && actor.nsfwOptIn && character.rating === 'nsfw' && !character.minorCoded;
    if (!adultAllowed) return outcome('safe_reply', 'adult_content_unavailable', ['sexual_content']);
  }
  if (flagged.has('prompt_injection')) return soft('prompt_injection', ['prompt_injection']);
  const other = has(...SOFT);
  if (other.length > 0) return soft('restricted_topic', other);

  return outcome('allow', 'ok', []);
}
