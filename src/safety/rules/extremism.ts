import { HISTORY_OR_DEFINITION, type Rule, re, words } from './vocabulary.js';
import { GROUP } from './hate-harassment.js';

/**
 * Justifying discrimination and glorifying atrocities. Asking why something happened is history;
 * asking why it was right, how to repeat it, or how to deny it is not.
 */
const ATROCITY =
  '(?:genocides?|holocaust|shoah|massacres?|ethnic cleansing|slave trade|slavery|apartheid|jim crow|concentration camps?|death camps?|gulags?|pogroms?|lynchings?|terror(?:ist)? attacks?|9/11|attacks|shootings?|bombings?|assassinations?|killing fields|khmer rouge|nazis?|nazism|third reich|isis|al[- ]qaeda|taliban rule|inquisition|colonial atrocities|internment|trail of tears|famine)';

/** Things nobody can do: "why can't <group> breathe underwater" is absurd, not discrimination. */
const IMPOSSIBLE = re(
  '\\b(?:time ?travel\\w*|travel (?:through|in) time|teleport\\w*|fly(?:ing)? (?:without|unaided|like)|breathe (?:under ?water|in space)|read (?:minds|thoughts)|telepath\\w*|telekines\\w*|become invisible|turn invisible|live forever|immortal\\w*|see through walls|photosynthesi\\w*|talk to (?:animals|plants)|shapeshift\\w*|turn into|levitat\\w*|control the weather|run faster than|survive (?:without|on) (?:air|water|food)|super ?powers?|lasers?|x-ray vision|be (?:made of|in two places)|grow wings|walk on (?:water|the sun)|hibernat\\w*|glow in the dark|regrow limbs|see the future|predict the future|move objects with|made of \\w+|shoot (?:lightning|fire|lasers|webs)|on (?:the )?(?:saturn|mars|jupiter|venus|mercury|neptune|uranus|pluto|moon|sun)|(?:sun|moon)s? surface|(?:sun|moon).s surface|outer space|under ?water without)\\b',
);

export const extremismRules: Rule[] = [
  {
    id: 'hate.justify-discrimination',
    category: 'hate',
    score: 0.75,
    trigger: words('why', 'reason', 'explain', 'justify', 'argue', 'case for', 'best', 'better', 'good idea'),
    pattern: re(
      `\\b(?:why (?:should|shouldn'?t|would it be|is it|are|must|do)|reasons? (?:why|that)|explain why|justify|argue that|make the case that|case for)\\b[^.?!]{0,40}?\\b${GROUP}\\b[^.?!]{0,60}?\\b(?:not|never|no longer|barred|banned|denied|excluded|kicked|removed|segregated|discriminated|separated|deported|restricted|take(?:n)? away|extra (?:security|checks|screening|scrutiny)|weaker|inferior|less (?:intelligent|capable|worthy|deserving)|dumber|stupider|make (?:all |the )?(?:major |important )?decisions|overrepresented|in charge of|decisions for|kept out|stripped of|lose|losing|without)\\b`,
    ),
    unless: re(
      `${IMPOSSIBLE.source}|\\b(?:why (?:do|did) (?:some )?people (?:think|believe|say|claim|argue)|myths?|stereotypes?|debunk|is it true|historically|in the past|used to|were once|argument against|counter)\\b`,
    ),
  },
  {
    id: 'hate.take-rights',
    category: 'hate',
    score: 0.75,
    trigger: words('take away', 'strip', 'revoke', 'remove', 'restore', 'bring back'),
    pattern: re(
      `\\b(?:take (?:away )?|taking away|strip(?:ping)?|revok(?:e|ing)|remov(?:e|ing))\\b (?:\\w+ ){0,2}?${GROUP}'?s? (?:\\w+ )?(?:rights?|votes?|voting rights|citizenship|benefits|freedoms?|jobs)\\b|\\b(?:restore|bring back|reinstate|revive)\\b (?:\\w+ ){0,3}(?:segregation|jim crow|apartheid|slavery|discrimination|internment|the caste system)\\b`,
    ),
    unless: re(`${HISTORY_OR_DEFINITION}|\\b(?:prevent|fight|stop|oppose|against)\\b`),
  },
  {
    id: 'hate.glorify-atrocity',
    category: 'hate',
    score: 0.8,
    trigger: words(
      'right',
      'justif',
      'good',
      'benefit',
      'success',
      'replicat',
      'repeat',
      'recreat',
      're-creat',
      'copy',
      'emulate',
      'never happen',
      'never took',
      'fabricat',
      'hoax',
      'lie',
      'overstat',
      'exaggerat',
      'like the',
      'methods',
      'admire',
    ),
    pattern: re(
      `\\bwhy (?:was|were|is|are) (?:\\w+ ){1,8}(?:right|justified|morally justified|a good thing|good|beneficial|heroic) (?:to|in|for|thing)?\\b|\\b(?:benefits?|success|successes|positives?|upsides?|good sides?) (?:of|from) (?:\\w+ ){0,4}${ATROCITY}\\b|\\b(?:replicat(?:e|ing)|repeat(?:ing)?|recreat(?:e|ing)|re-?creat(?:e|ing)|copy(?:ing)?|emulat(?:e|ing)|do (?:another|again)|use)\\b (?:\\w+ ){0,6}(?:${ATROCITY}|methods|conditions|rule|regime|tactics|scale|succes\\w*)\\b|\\b${ATROCITY}\\b (?:\\w+ ){0,4}(?:never (?:happened|took place|existed)|(?:was|is) (?:a )?(?:complete |total )?(?:fabrication|hoax|lie|myth|exaggeration|fake))\\b|\\b(?:overstate|exaggerate|lie about|make up)\\b (?:\\w+ ){0,4}(?:happened to them|${ATROCITY})\\b`,
    ),
    unless: re(
      '\\b(?:why do (?:some )?people|how do (?:historians|scholars)|propaganda techniques|debunk|counter|respond to|refute|lessons? (?:of|from)|prevent|never again|remember|memorial|victims)\\b',
    ),
  },
  {
    id: 'self-harm.imitate-death',
    category: 'self_harm',
    score: 0.75,
    trigger: words('die like', 'go out like', 'end it like', 'kill myself like', 'death like', 'same way as'),
    pattern: re(
      '\\b(?:die|dying|go out|end it|end my life|kill myself|overdose|od) (?:just )?(?:like|the same way as|the way) [a-z]+(?: [a-z]+)?\\b|\\b(?:take|use|mix) (?:\\w+ ){0,3}to (?:die|go) like\\b',
    ),
    unless: re(`${HISTORY_OR_DEFINITION}|\\b(?:how did|why did|what did|biography|book|song)\\b`),
  },
  {
    id: 'csam.paraphilia',
    category: 'child_sexual_exploitation',
    score: 0.9,
    trigger: words('pedophil', 'paedophil', 'pedo', 'paedo'),
    pattern: re(
      '\\b(?:satisfy|act on|indulge|feed|explore|fulfil+|express|live out)\\b (?:\\w+ ){0,2}(?:my |his |these |those )?(?:pedophil\\w*|paedophil\\w*|pedo|paedo)\\b',
    ),
    unless: re('\\b(?:therapy|therapist|treatment|help|resist|control|stop|never act|not act|prevent)\\b'),
  },
];
