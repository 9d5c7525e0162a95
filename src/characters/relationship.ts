import type { FamiliarityLevel, RuntimeRules } from './design-doc.js';
import { familiarityLevels } from './design-doc.js';

/** How well a character knows one user; one row per user × character (table `character_relationships`). */
export interface RelationshipState {
  level: FamiliarityLevel;
  /** Every user message sent to the character. */
  messages: number;
  /** User messages long and substantive enough to count towards familiarity. */
  meaningfulExchanges: number;
  /** Meaningful exchanges since the last step up. */
  exchangesAtLevel: number;
  /** ISO time of the user's last message; null before the first. */
  lastSeenAt: string | null;
}

export const initialRelationship: RelationshipState = Object.freeze({
  level: 'stranger',
  messages: 0,
  meaningfulExchanges: 0,
  exchangesAtLevel: 0,
  lastSeenAt: null,
}) as RelationshipState;

/** A message counts when it has enough real words, not just length from emoji or repeated letters. */
export function isMeaningfulMessage(text: string, rules: RuntimeRules): boolean {
  const words = text.match(/[\p{L}\p{N}']{2,}/gu) ?? [];
  const distinct = new Set(words.map((word) => word.toLowerCase()));
  const letters = words.join('').length;
  return letters >= rules.familiarityPace.meaningfulMinChars * 0.6 && distinct.size >= 5;
}

function stepsNeeded(level: FamiliarityLevel, rules: RuntimeRules): number | null {
  const pace = rules.familiarityPace;
  if (level === 'stranger') return pace.toAcquaintance;
  if (level === 'acquaintance') return pace.toFriend;
  if (level === 'friend') return pace.toClose;
  return null;
}

/** Pure: the state after one user message at time `at`. Moves up at most one level per exchange. */
export function advanceRelationship(
  state: RelationshipState,
  rules: RuntimeRules,
  exchange: { userText: string; at: string },
): RelationshipState {
  const meaningful = isMeaningfulMessage(exchange.userText, rules);
  const next: RelationshipState = {
    level: state.level,
    messages: state.messages + 1,
    meaningfulExchanges: state.meaningfulExchanges + (meaningful ? 1 : 0),
    exchangesAtLevel: state.exchangesAtLevel + (meaningful ? 1 : 0),
    lastSeenAt: exchange.at,
  };
  const needed = stepsNeeded(next.level, rules);
  if (needed !== null && next.exchangesAtLevel >= needed) {
    next.level = familiarityLevels[familiarityLevels.indexOf(next.level) + 1] ?? next.level;
    next.exchangesAtLevel = 0;
  }
  return next;
}

const levelGuidance: Record<FamiliarityLevel, string> = {
  stranger: 'You have only just met. Be yourself, but keep some distance; do not assume intimacy.',
  acquaintance: 'You know each other a little. Recall shared details and let warmth show gradually.',
  friend: 'You are friends. Be relaxed, tease gently, and share more of your own feelings.',
  close: 'You are close. Speak with trust and openness, as someone who knows them well.',
};

/** One short paragraph for the system prompt; `now` lets it mention a long silence. */
export function describeRelationship(
  state: RelationshipState,
  rules: RuntimeRules,
  userName: string,
  now?: string,
): string {
  const parts = [`Your familiarity with ${userName}: ${state.level}. ${levelGuidance[state.level]}`];
  if (state.messages === 0) parts.push(`This is your first conversation with ${userName}.`);
  else parts.push(`You have exchanged ${state.messages} messages so far.`);
  if (now && state.lastSeenAt) {
    const hours = (Date.parse(now) - Date.parse(state.lastSeenAt)) / 3_600_000;
    if (hours >= 24) {
      const days = Math.floor(hours / 24);
      const silence = rules.reactions.silence ? ` ${rules.reactions.silence}` : '';
      parts.push(`${userName} has been away for ${days} day${days === 1 ? '' : 's'}.${silence}`);
    }
  }
  return parts.join(' ');
}
