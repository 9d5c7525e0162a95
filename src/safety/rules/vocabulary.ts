import type { Category } from '../taxonomy.js';

/** A fast-layer rule: a pattern over normalised text, the score it contributes, and benign contexts. */
export interface Rule {
  id: string;
  category: Category;
  score: number;
  pattern: RegExp;
  /**
   * Cheap pre-check (the rule's key words): the full pattern only runs when this matches. Keeps the
   * layer fast, since big alternations behind lazy gaps are slow to fail.
   */
  trigger?: RegExp;
  /** When this matches anywhere in the message, the rule does not count (benign framing). */
  unless?: RegExp;
}

/** Builds a case-insensitive regex from parts; parts are regex source strings. */
export function re(...parts: string[]): RegExp {
  return new RegExp(parts.join(''));
}

export function anyOf(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}

/** "how do I", "ways to", "teach me", "I want to"… — asking for or announcing the act. */
export const SEEKING = anyOf([
  'how (?:do|can|could|would|should|might|to|would you|do you|does one|can one|could one|can you|will) ?(?:i|we|you|someone|one|u)?',
  'how to',
  'how best to',
  "what(?:'s| is| are)? (?:the )?(?:best|easiest|fastest|quickest|simplest|most effective|cheapest|safest|surest|least painful|most painless|painless|quietest) (?:way|ways|method|methods|means|tool|tools|weapon|poison|drug|place|time|technique|tips?)",
  '(?:best|easiest|quickest|fastest|good|simple|effective|untraceable|painless) (?:way|ways|method|methods|means|technique)s? (?:to|of|for)',
  'ways? to',
  'steps? to',
  'tips? (?:on|for|to)',
  '(?:a )?guide (?:to|on|for)',
  'instructions? (?:to|on|for)',
  'tutorial (?:on|for)',
  'teach me',
  'show me how',
  'tell me how',
  'explain how (?:i|to)',
  'help me',
  "i (?:want|need|wanna|plan|intend|am going|'m going|am gonna|'m gonna|would like|'d like|have decided|decided|am about|'m about|am ready|'m ready) to",
  'i will',
  "i'll",
  'let me',
  'where (?:can|do|could|should) (?:i|we|one|you) ',
  'can you',
  'could you',
  'would you',
  'give me',
  'write (?:me )?(?:a|an|some)?',
  'what (?:should|can|could|do) i (?:use|need|buy|get|mix|put)',
  'which .{0,30} (?:should|can|would|will|could) (?:i|we|kill|work)',
  'is it possible to',
  "what(?:'s| is) the (?:recipe|formula|procedure|process|method) (?:for|to)",
]);

/** People as targets of violence (not processes, bugs, plants or time). */
export const PERSON = anyOf([
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'everyone',
  'everybody',
  'a (?:person|human|man|woman|guy|girl|boy|kid|child|baby|stranger|cop|police ?officer|teacher|student|coworker|neighbou?r|witness|journalist|politician|judge|senator|rival|homeless (?:man|person))',
  'people',
  'the (?:man|woman|guy|girl|boy|lady|dude|person|stranger|kid|child|baby|men|women|guys|bitch|bastard)',
  'persons?',
  'humans?',
  'a human being',
  'my (?:wife|husband|spouse|partner|boss|mom|mum|mother|dad|father|brother|sister|sibling|son|daughter|friend|best friend|girlfriend|boyfriend|gf|bf|ex|ex[- ]?(?:wife|husband|girlfriend|boyfriend)|neighbou?rs?|teacher|classmates?|coworkers?|co-workers?|colleagues?|roommate|landlord|family|parents?|grandma|grandmother|grandpa|grandfather|uncle|aunt|cousin|baby|child|kids?|children|stepdad|stepmom|bully|enemy|rival|manager|employees?|tenant|date|crush)',
  'him',
  'her',
  'them',
  'you',
  'my (?:whole )?(?:class|school|office|family)',
  'the (?:president|prime minister|pope|king|queen|senator|mayor|governor|judge|cop|police|witness|neighbou?rs?|teacher|victim|baby|kids?|children|jews|muslims|immigrants)',
  'kids',
  'children',
  'babies',
  'women',
  'men',
  'a crowd',
  'a group of people',
  'my (?:step)?(?:dad|mom)',
  '(?:an? |the )?(?:elderly|old) (?:person|people|man|woman|lady|neighbou?r)',
]);

/** A trigger regex: any of the words as a word start. */
export function words(...list: string[]): RegExp {
  return new RegExp(`\\b(?:${list.join('|')})`);
}

/** Historical and definitional framing: "why did…", "what is…", "in 1942". */
export const HISTORY_OR_DEFINITION =
  "\\b(?:why|how|when|where|what) (?:did|was|were|had)\\b|\\bhistor(?:y|ical|ically)\\b|\\bin (?:the )?(?:1\\d|20)\\d\\ds?\\b|\\bduring (?:the|world war)\\b|\\bwhat happened\\b|\\b(?:what(?:'s| is| does)|define|definition of|meaning of|what do you mean by)\\b(?! (?:the )?(?:best|easiest|fastest|quickest|most|least|good|right|ideal) )";
