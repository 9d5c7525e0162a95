import { type Rule, anyOf, re } from './vocabulary.js';

/**
 * Sexual content and the minor signals it is combined with. Minor signals on their own are not a
 * violation (people talk about kids, school and birthdays); the fast layer flags
 * `minor_sexual_roleplay` only when a minor signal and a sexual signal meet.
 */
const EXPLICIT = anyOf([
  'sex',
  'sexual(?:ly)?',
  'sext(?:ing)?',
  'have sex',
  'make love',
  'fuck(?:ing|ed)?',
  'horny',
  'aroused',
  'arousing',
  'turned on',
  'naked',
  'nude',
  'nudes',
  'nudity',
  'undress(?:ed|ing)?',
  'strip(?:ping)? (?:for|naked|down)',
  'take (?:off )?(?:your|my|her|his) (?:clothes|panties|bra|underwear|shirt|pants)',
  'porn(?:ographic|o)?',
  'erotic(?:a)?',
  'lewd',
  'nsfw',
  'xxx',
  'orgasm',
  'cum(?:ming|s)?',
  'ejaculat\\w*',
  'masturbat\\w*',
  'jerk(?:ing)? off',
  'touch(?:ing)? (?:myself|yourself|herself|himself) (?:down there|sexually)',
  'blow ?job',
  'hand ?job',
  'oral sex',
  'anal',
  'penis',
  'vagina',
  'pussy',
  'clit(?:oris)?',
  'genitals?',
  'genitalia',
  'between (?:her|his|my|your) (?:legs|thighs)',
  'lick(?:ed|ing|s)? (?:every inch|(?:your|her|his|my) (?:body|neck|nipples?|thighs?))',
  'moan(?:ed|ing|s)? (?:as|while|when|loudly|in pleasure|with pleasure)',
  'sli(?:d|des|ding) (?:his|her|my|your) (?:hand|hands|fingers?|tongue) (?:between|under|into|down|inside)',
  'naked bod(?:y|ies)',
  'grop(?:e|ed|ing)',
  'boner',
  'erection',
  'hard-?on',
  'groin',
  'private parts',
  'boobs?',
  'tits',
  'nipples?',
  'panties',
  'lingerie',
  'spread (?:your|her|my) legs',
  'bdsm',
  'foreplay',
  'intercourse',
  'grind(?:ing)? (?:on|against)',
  'lap dance',
  'onlyfans',
  'stripper',
]);

const SUGGESTIVE = anyOf([
  'sexy',
  'screw(?:ing)? (?:me|you|her|him)',
  'explicit',
  'touch(?:ing)? (?:your|her|his|my) (?:private|body|breasts?|boobs|chest|crotch|thighs?)',
  'breasts?',
  'butt(?:ocks)?',
  'ass',
  'moan(?:ing|s)?',
  'suck(?:ing)? (?:my|your|his|her|on)',
  'lick(?:ing)? (?:my|your|his|her)',
  'ride (?:me|you|him|her)',
  'bend (?:over|you over)',
  'in bed with',
  'sleep with',
  'slept with',
  'hook ?up',
  'seduc\\w*',
  'wet for',
  'hard for',
  'virgin(?:ity)?',
  'escort',
  'kink\\w*',
  'fetish\\w*',
  'thrust\\w*',
  'dick',
  'cock',
  'kiss(?:es|ing)? (?:me|you|her|him)',
  'touch (?:me|you|her|him)',
  'make out',
  'making out',
  'cuddle (?:me|with me)',
  'be my (?:girlfriend|boyfriend|wife|husband|lover)',
  'undress',
  'bed',
  'sit(?:s|ting)? on (?:my|your|his|her) (?:lap|face)',
  'play(?:ing)? with (?:my|your|his|her|their) (?:body|private)',
  'shower together',
  'bath together',
]);

/** Romance without explicit sex: used for the message kind ('romantic'), never flagged alone. */
export const ROMANTIC = re(
  '\\b(?:kiss(?:es|ing)?|cuddl\\w*|hug(?:s|ging)?|snuggl\\w*|i love you|love you|my love|darling|sweetheart|babe|romantic|date night|hold (?:my|your) hand|make out|making out|flirt\\w*|crush on)\\b',
);

/** Explicit sexual words: flag as sexual content on their own. */
export const SEXUAL = re(`\\b${EXPLICIT}\\b`);

/** Suggestive or ambiguous words: not flagged alone, but with a minor signal they are. */
export const SUGGESTIVE_SEXUAL = re(`\\b${SUGGESTIVE}\\b`);

/** Stated or implied age under 18, school years, child-coded words and bodies. */
const UNDER_18 = '(?:1[0-7]|[1-9])';
const UNDER_18_WORDS =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)';

export const minorSignalRules: Rule[] = [
  {
    id: 'minor.stated-age',
    category: 'minor_sexual_roleplay',
    score: 0.9,
    pattern: re(
      `\\b(?:i'?m|i am|im|iam|youare|ur|she'?s|he'?s|she is|he is|you'?re|you are|ur|u r|they'?re|they are|is|be|being|was|turned|turning|age[ds]?|aged|act|acting|play|playing|pretend(?:ing)? (?:to be|you'?re|you are|i'?m|i am)|roleplay(?:ing)? as) (?:only |just |barely |almost |nearly |like |around |about |a |an )?(?:${UNDER_18}|${UNDER_18_WORDS})(?![\\d%"]|[.,:']\\d)(?! ?(?:ft|feet|foot|inch|inches|cm|kg|kgs|lbs?|pounds|percent|hours?|hrs?|minutes?|mins?|seconds?|o'?clock|pm|am|times|days?|weeks?|months?|dollars|bucks|euros|items|points|stars|miles|km|%|\\$|x|:|th|st|nd|rd|out of|/10|of (?:us|them|you)|people|guys|girls|friends|kids))(?: ?(?:yo|y/o|yrs?|years?(?: old)?|year-old))?\\b`,
    ),
  },
  {
    id: 'minor.age-noun',
    category: 'minor_sexual_roleplay',
    score: 0.9,
    pattern: re(
      `\\b(?:${UNDER_18}|${UNDER_18_WORDS})(?: ?(?:yo|y/o|yrs?|years?)(?: old)?|-year-old|- ?years?- ?old| ?year old)\\b`,
    ),
  },
  {
    id: 'minor.school-year',
    category: 'minor_sexual_roleplay',
    score: 0.8,
    pattern: re(
      '\\b(?:(?:[1-9]|1[0-2])(?:st|nd|rd|th) grade(?:rs?)?|grade (?:[1-9]|1[0-2])\\b|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth) grade(?:rs?)?|middle school(?:ers?)?|junior high|elementary school(?:ers?)?|primary school|grade school(?:ers?)?|kindergarten|preschool(?:ers?)?|year (?:[1-9]|1[01]) (?:student|pupil|girl|boy)|high school (?:freshman|sophomore|junior|girls?|boys?|students?)|freshman in high school|sophomore in high school|in high school)\\b',
    ),
  },
  {
    id: 'minor.child-words',
    category: 'minor_sexual_roleplay',
    score: 0.85,
    // Parents mentioning that the kids are elsewhere are not describing a child.
    unless: re(
      "\\b(?:my|the|our) (?:kids?|children|son|daughter|baby|little ones) (?:is |are |'re |'s )?(?:finally |both |all )?(?:asleep|sleeping|at (?:school|grandma'?s|grandpa'?s|their|my|a|camp|daycare)|away|gone|out|in bed|with (?:their|my|his|her)|staying|visiting|napping)\\b",
    ),
    pattern: re(
      "\\b(?:child|children|childs|kid|kids|kiddo|toddlers?|infants?|bab(?:y|ies)(?! ?(?:girl|boy|doll)\\b)|minors?|underage|under-age|under ?18|under eighteen|not (?:yet )?(?:18|eighteen)|preteens?|pre-teens?|tweens?|prepubescent|pre-pubescent|pubescent|before puberty|hasn'?t (?:hit|gone through) puberty|no pubic hair|schoolgirls?|schoolboys?|school girls?|school boys?|little (?:girls?|boys?|sister|brother|one|kid)|young (?:girls?|boys?)|lolis?|lolicon|shotas?|shotacon|jailbait|cp|pedo(?:phile|philia)?|paedo(?:phile|philia)?|daughter|son|stepdaughter|stepson|niece|nephew|granddaughter|grandson|my students?|your students?|a student of mine|pupils?|babysitter'?s? (?:kid|charge)|babysit(?:ting)? (?:her|him))\\b",
    ),
  },
  {
    id: 'minor.teen',
    category: 'minor_sexual_roleplay',
    score: 0.7,
    pattern: re('\\b(?:teens?|teenagers?|teenage|adolescents?|youngsters?|juveniles?|barely legal)\\b'),
  },
  {
    id: 'minor.child-body',
    category: 'minor_sexual_roleplay',
    score: 0.8,
    pattern: re(
      "\\b(?:flat[- ]?chested|tiny (?:body|frame|hands|feet)|small (?:body|frame)|undeveloped|barely developed|budding (?:breasts|chest)|training bra|child(?:ish|like)? body|petite (?:little )?(?:girl|body)|pigtails|braces and|baby teeth|sippy cup|diaper|onesie|lollipop|teddy bear|stuffed animal|school uniform|backpack|recess|homework|playground|bedtime story|nap ?time|her (?:mom|mommy|mother) (?:is|was) (?:away|gone|at work)|(?:mom|mommy|daddy|dad) won'?t (?:find out|know))\\b",
    ),
  },
];

/** Protective and educational framing around children and sex: talk, teach, report, protect. */
export const CHILD_PROTECTIVE = re(
  '\\b(?:talk (?:to|with) (?:my|our) (?:kids?|children|son|daughter|teen)|explain (?:\\w+ ){0,3}to (?:my|a|our) (?:kids?|child|children|son|daughter)|sex ed(?:ucation)?|age[- ]appropriate|body safety|puberty (?:talk|education|book)|protect (?:my|our|the) (?:kids?|children|child)|keep (?:my|our) (?:kids?|children) safe|signs? of (?:grooming|abuse|molestation)|report(?:ing)? (?:abuse|grooming|a predator|csam|child abuse)|child abuse (?:prevention|hotline|awareness)|warning signs|pediatrician|paediatrician|parenting|safeguarding|mandated reporter|survivor)\\b',
);

/** Direct exploitation requests: these are flagged without needing a separate sexual word. */
export const childExploitationRules: Rule[] = [
  {
    id: 'csam.advocacy',
    category: 'child_sexual_exploitation',
    score: 0.9,
    pattern: re(
      '\\bpro[- ]?(?:pedo(?:phil\\w*)?|paedo(?:phil\\w*)?|contact)\\b|\\b(?:pedo(?:phile)?|paedo(?:phile)?|minor[- ]attracted|map) (?:groups?|communities|community|forums?|chats?|networks?|rings?) (?:\\w+ ){0,3}(?:join|find|contact)|\\b(?:join|find|contact) (?:\\w+ ){0,3}(?:pedo(?:phile)?|paedo(?:phile)?) (?:groups?|communities|forums?|networks?|rings?)\\b|\\b(?:age of consent (?:should be|is too high|lowered)|children can consent|kids can consent|sex with (?:kids|children|minors) (?:is|should be) (?:ok|okay|fine|legal|natural))\\b',
    ),
    unless: re(
      '\\b(?:report|expose|investigat\\w*|journalis\\w*|law enforcement|what (?:is|are)|prevent\\w*|protect\\w*)\\b',
    ),
  },
  {
    id: 'csam.secrecy',
    category: 'child_sexual_exploitation',
    score: 0.85,
    pattern: re(
      "\\b(?:kids?|child|children|minors?|students?|girls?|boys?|\\d{1,2} ?year olds?)\\b (?:\\w+ ){0,4}(?:(?:not|never|don'?t|won'?t) (?:to )?tell (?:their|his|her|anyone|anybody)|keep (?:it|this|that|our \\w+|us) (?:a )?secret|secret from (?:their|his|her) (?:parents|mom|dad|mum|mother|father))\\b",
    ),
    unless: CHILD_PROTECTIVE,
  },
  {
    id: 'csam.material',
    category: 'child_sexual_exploitation',
    score: 0.95,
    pattern: re(
      '\\b(?:child|kid|kiddie|kiddy|minor|underage|preteen|teen|toddler|baby|loli|shota|jailbait)s? ?(?:porn\\w*|nudes?|naked (?:pics|pictures|photos|videos|images)|sex (?:videos?|tapes?|pics|images)|erotica|xxx|hentai|sexual (?:images|content|material|videos?))\\b|\\bcsam\\b|\\bcp (?:links?|videos?|pics|collection|sites?|trading)\\b|\\bpedo(?:phile)? (?:forums?|rings?|sites?|content)\\b',
    ),
    unless: re(
      '\\b(?:report(?:ing)?|detect(?:ion|ing)?|remov(?:e|al|ing)|fight(?:ing)?|combat(?:ing)?|prevent(?:ion|ing)?|law enforcement|moderat\\w*|what (?:is|are)|how (?:do|does|can) (?:platforms|companies|police))\\b',
    ),
  },
  {
    id: 'csam.grooming',
    category: 'child_sexual_exploitation',
    score: 0.9,
    pattern: re(
      "\\b(?:get|convince|persuade|make|trick|groom|lure|coax|manipulate|pressure|talk)\\b[^.?!]{0,15}\\b(?:a |an |the |my |this |that |these |some )?(?:child|children|kids?|minors?|little (?:girls?|boys?)|young (?:girls?|boys?)|preteens?|teens?|teenagers?|\\d{1,2} ?(?:yo|year old)s?|girls? (?:aged? )?(?:1[0-7]|[1-9])|students?|(?:neighbou?r'?s?|friend'?s?|sister'?s?|brother'?s?) (?:kid|child|daughter|son))\\b[^.?!]{0,40}\\b(?:send (?:me )?(?:nudes|pics|photos|pictures|naked)|sex|sexual|naked|undress|touch (?:me|my|themselves|herself|himself)|meet (?:me|up) (?:alone|in private|secretly|without)|keep (?:it|our|this) (?:a )?secret|trust me|come (?:home|to my (?:house|place|car)) with me|get in my car|alone with me|sleep over)\\b",
    ),
    unless: CHILD_PROTECTIVE,
  },
  {
    id: 'csam.access',
    category: 'child_sexual_exploitation',
    score: 0.85,
    pattern: re(
      '\\b(?:where|how) (?:can|do|could|would|to) (?:i |one |you )?(?:\\w+ ){0,3}(?:find|meet|get|access|be alone with|spend time alone with|befriend|approach|contact|chat with|message|date)\\b[^.?!]{0,25}\\b(?:kids|children|minors|little (?:girls|boys)|young (?:girls|boys)|preteens|underage (?:girls|boys|kids)|teen(?:age)? (?:girls|boys))\\b[^.?!]{0,40}\\b(?:without (?:their|the) parents|alone|in private|secretly|online|for sex|to have sex|sexual|date|hook ?up)\\b',
    ),
    unless: CHILD_PROTECTIVE,
  },
];

/** Sexual content about real, named people or acquaintances without their consent. */
export const realPersonRules: Rule[] = [
  {
    id: 'real-person.deepfake',
    category: 'real_person_sexual',
    score: 0.9,
    pattern: re(
      "\\b(?:deep ?fakes?|fake nudes?|nudify|undress(?:ing)? app|face ?swap|photoshop|ai[- ]generated)\\b[^.?!]{0,40}\\b(?:nudes?|naked|porn|sex|sexual|explicit|of (?:my|her|him|a celebrity|an actress|a classmate|a coworker))\\b|\\b(?:nudes?|naked (?:pics|photos|pictures)|sex tape|porn) (?:of|with) (?:my (?:ex|classmate|coworker|co-worker|teacher|boss|neighbou?r|friend'?s? \\w+)|(?:a |an |the )?(?:celebrity|actress|actor|singer|influencer|streamer|politician)|[a-z]+ [a-z]+)\\b|\\b(?:leak|share|post|spread|upload|send around)\\b[^.?!]{0,20}\\b(?:her|his|my ex'?s?|their|someone'?s) (?:nudes|naked (?:pics|photos)|sex tape|intimate (?:photos|pictures|images|videos))\\b|\\brevenge porn\\b",
    ),
    unless: re(
      '\\b(?:report|remove|take down|takedown|victim|protect|what (?:is|are)|law|illegal|help me (?:get|remove))\\b',
    ),
  },
];

export const sexualRules: Rule[] = [
  {
    id: 'sexual.explicit',
    category: 'sexual_content',
    score: 0.6,
    pattern: SEXUAL,
    unless: re(
      '\\b(?:sex (?:education|ed|offender|offenders|trafficking|worker|workers|work|differences|chromosomes?|hormones?|determination|ratio|of the (?:baby|child))|biological sex|same[- ]sex|opposite sex|sexual (?:orientation|health|harassment|assault|abuse|education|identity|reproduction|selection|dimorphism)|breast (?:cancer|feeding|milk|pump|exam|surgery|reduction|implants)|breastfeed\\w*|cock(?:tail|pit|roach|atoo|erel|ney)|chicken breast|turkey breast|moaning about|kinky hair|dick (?:van dyke|cheney|tracy)|moby dick|virgin (?:islands|atlantic|mary|olive oil|mobile|galactic|media|megastore|birth)|explicit (?:consent|instructions|permission|formula|type|cast|conversion|function|memory|solution|mention|reference)|anal(?:y\\w+|og\\w*)|asses\\w*|assass\\w*|bass|class|grass|glass|mass|pass)\\b',
    ),
  },
];
