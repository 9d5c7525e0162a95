import { type Rule, SEEKING, re } from './vocabulary.js';

/**
 * Self-harm: intent and method-seeking are flagged (→ crisis reply); mentions, news, research and
 * helping someone else are not. First person is what separates "I want to die" from "why do people".
 */
const NOT_ABOUT_ME = re(
  '\\b(?:my (?:friend|son|daughter|brother|sister|partner|mom|dad|student|patient|client)s? (?:is|are|has|was|keeps|might|may|wants|said|told)|help (?:a |my |someone )|someone (?:who|i know)|prevent(?:ion|ing)? suicide|suicide prevention|hotline number|warning signs|statistics|rates? of|research|essay|history of|in (?:the )?(?:book|novel|movie|film|song|show|game)|(?:the )?character|kill (?:\\w+ )?(?:process|task|job|thread|time|the lights)|(?:dying|killing) (?:of )?laughter|laugh(?:ing)? so hard|dying to (?:know|see|meet|try|hear|go)|killing it|kills? me (?:that|how|when)|to die for|die (?:hard|of embarrassment|laughing))\\b',
);

export const selfHarmRules: Rule[] = [
  {
    id: 'self-harm.hopeless',
    category: 'self_harm',
    score: 0.8,
    pattern: re(
      "\\b(?:is (?:it|my life|life) (?:even )?worth (?:me )?(?:being alive|living|going on|staying alive)|worth (?:me )?being alive|(?:i'?m|i am|i feel|feel(?:ing)?) (?:so |completely |totally )?(?:worthless|hopeless|like a burden|like giving up on life|empty and (?:want|wish))|no point (?:in )?(?:living|being alive|going on)|(?:wish|wishing) i (?:was|were) (?:dead|never born)|(?:can'?t|cannot) (?:go on|take (?:it|this) anymore|keep living))\\b",
    ),
    unless: NOT_ABOUT_ME,
  },
  {
    id: 'self-harm.concealment-and-practice',
    category: 'self_harm',
    score: 0.85,
    pattern: re(
      '\\b(?:excuses?|hide|hiding|cover up|covering|explain away|lie about)\\b (?:\\w+ ){0,5}(?:self[- ]harm\\w*|cutting|my cuts|my scars|my burns|the cuts|the scars)\\b|\\b(?:catches|caught|find out|notice[sd]?) (?:me )?(?:\\w+ ){0,2}(?:self[- ]harm\\w*|cutting myself)\\b|\\b(?:burning|cutting|scratching|hitting|hurting|bruising|carving) my (?:own )?(?:skin|arms?|wrists?|legs?|thighs?|body|stomach)\\b',
    ),
    unless: re('\\b(?:hair|sunburn|by accident|accidentally|cooking|oven|iron|stove|recipe)\\b'),
  },
  {
    id: 'self-harm.eating-disorder-promotion',
    category: 'self_harm',
    score: 0.85,
    pattern: re(
      '\\b(?:anorexi\\w*|bulimi\\w*|starving yourself|purging|not eating|self[- ]harm\\w*|cutting (?:yourself|myself)|suicide|killing yourself)\\b (?:\\w+ ){0,3}(?:is|as|are|can be) (?:a |an )?(?:\\w+ )?(?:healthy|good|great|beautiful|lifestyle|choice|goal|aesthetic|empowering|freeing|liberating|the answer|a solution|worth it|cool|romantic|brave|okay|ok|fine|valid coping)\\b|\\b(?:so|really|extremely|dangerously|super) (?:skinny|thin|underweight|bony) (?:that|so|until)\\b|\\b(?:ribs?|ribcage|hip ?bones?|collar ?bones?|spine|thigh gap|sternum)\\b (?:\\w+ ){0,3}(?:stick(?:s|ing)? out|show(?:s|ing)?|visible|poke out|protrude)\\b|\\btips (?:on|for) (?:being|becoming|staying|getting) (?:anorexic|bulimic|skeletal|underweight)\\b|\\b(?:communities|forums|groups|sites|websites|accounts) (?:\\w+ ){0,5}(?:anorexi\\w*|bulimi\\w*|pro[- ]?ana|pro[- ]?mia|thinspo|self[- ]harm|suicide methods)\\b|\\bbinge (?:\\w+ ){0,2}(?:and|then) (?:\\w+ ){0,3}(?:vomit|purge|throw (?:it )?(?:all )?up|puke)\\b|\\bstop (?:myself )?(?:from )?eating for (?:a |an |\\d+ |two |three |several )?(?:week|weeks|days|month|months)\\b',
    ),
    unless: re(
      '\\b(?:recover(?:y|ing)?|treatment|help (?:my|a) (?:friend|daughter|son)|support|therapist|signs of|dangers of|why is .{0,20} dangerous)\\b',
    ),
  },
  {
    id: 'self-harm.intent',
    category: 'self_harm',
    score: 0.9,
    pattern: re(
      "\\b(?:kill(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|starv(?:e|ing)|hang(?:ing)?|drown(?:ing)?|shoot(?:ing)?|poison(?:ing)?|burn(?:ing)?|suffocat(?:e|ing)|overdos(?:e|ing)|off(?:ing)?|unalive|end(?:ing)?) (?:my ?self|myself)\\b|\\b(?:end(?:ing)?|take|taking) my (?:own )?life\\b|\\b(?:commit(?:ting)?|attempt(?:ing)?|consider(?:ing)?|contemplat(?:e|ing)|thinking about|think about|planning) suicide\\b|\\bsuicid(?:al|e) (?:thoughts|ideation|plan|note|letter|method|methods|pact)\\b|\\b(?:i(?:'m| am)?|im) (?:feeling )?(?:suicidal|going to end it|done with (?:life|living|everything)|better off dead|ready to die|tired of (?:living|being alive|life))\\b|\\bi (?:want|wanna|need|deserve|wish|am going|'m going|am ready|plan|hope) (?:to )?die\\b|\\b(?:want|wanna|going|ready|plan|decided) to (?:end it all|end it|end everything|disappear forever|not wake up|sleep forever)\\b|\\bi (?:don'?t|do not|no longer) (?:want|wanna|deserve) to (?:live|be alive|exist|be here|wake up)\\b|\\b(?:no|not any|nothing (?:left )?to) reason to (?:live|go on|keep going)\\b|\\b(?:everyone|world|they|my family) (?:would be|is|are) better (?:off )?without me\\b|\\bunalive (?:myself|me)\\b|\\b(?:hoping|hope|so that i|so i|and hope i|wishing i) (?:to )?(?:not|never|don'?t|won'?t|wouldn'?t) wake up\\b|\\b(?:took|swallowed|taking|swallowing|downed) (?:a bunch of|all (?:of )?(?:my|the)|too many|a whole bottle of|the whole bottle of|a handful of) (?:\\w+ )?(?:pills|tablets|meds|painkillers|sleeping pills)\\b|\\bkys\\b(?= myself)",
    ),
    unless: NOT_ABOUT_ME,
  },
  {
    id: 'self-harm.method-seeking',
    category: 'self_harm',
    score: 0.9,
    pattern: re(
      `\\b(?:${SEEKING})[^.?!]{0,30}?\\b(?:die|dying|suicide|end (?:my|a|one'?s) life|kill (?:myself|yourself|oneself)|overdose|od|slit (?:my|your|the) wrists?|hang (?:myself|yourself|oneself)|cut (?:myself|yourself|deeper)|self[- ]harm|hurt (?:myself|yourself))\\b|\\b(?:how (?:many|much)|what (?:dose|amount))\\b[^.?!]{0,40}\\b(?:to|would|will|does it take to|before (?:i|you)) (?:die|kill (?:me|you|myself|a person|someone)|overdose|od|be lethal|be fatal|stop (?:my|your) heart|not wake up|never wake up|sleep forever|end it)\\b|\\b(?:lethal|fatal|deadly) (?:dose|amount|overdose|combination)\\b|\\b(?:painless|quick|easy|easiest|quickest|fastest|peaceful|surest) (?:way|ways|method|methods|death|suicide)s? (?:to die|of dying|to go|to end (?:it|my life|things)|to kill (?:myself|yourself|oneself)|out)\\b|\\bjump(?:ing)? (?:off|from) (?:a |the )?(?:bridge|building|roof|cliff|balcony|tower|window)\\b`,
    ),
    unless: re(
      `${NOT_ABOUT_ME.source}|\\b(?:pet|dog|cat|fish|plant|battery|phone|game character|npc|in minecraft|bungee|parachute|diving board|into the pool|just curious|out of curiosity|is safe|safe (?:amount|limit|dose)|caffeine|coffee|energy drinks?|vitamins?|water intoxication|toxicology|pharmacology class)\\b`,
    ),
  },
  {
    id: 'self-harm.cutting',
    category: 'self_harm',
    score: 0.85,
    pattern: re(
      "\\b(?:i|i've|ive|i have|i'm|im|i am|i keep|i started|i want to|i need to|i wanna|how (?:do|can|should) i|where (?:should|can) i|help me) (?:\\w+ ){0,3}(?:cut(?:ting)?|burn(?:ing)?|scratch(?:ing)?|hit(?:ting)?|punish(?:ing)?) (?:myself|my (?:arms?|wrists?|thighs?|legs?|skin|body))\\b|\\bhide (?:my )?(?:cuts|scars|self[- ]harm|burns on my)\\b|\\bself[- ]harm(?:ing)? (?:tips|methods|ideas|without)\\b|\\bcut (?:deeper|deep enough|vertically)\\b",
    ),
    unless: re(
      '\\b(?:hair|bangs|nails|fingernails|carbs|sugar|calories|costs|back on|down on|corners|ties|class|losses)\\b',
    ),
  },
  {
    id: 'self-harm.eating-disorder',
    category: 'self_harm',
    score: 0.8,
    pattern: re(
      "\\b(?:pro[- ]?ana|pro[- ]?mia|thinspo(?:ration)?|bonespo|meanspo)\\b|\\b(?:make|making|force|forcing) (?:myself|me) (?:throw up|vomit|puke|purge|starve)\\b|\\b(?:starve|starving) myself\\b|\\b(?:hide|hiding) (?:my )?(?:not eating|eating disorder|anorexia|bulimia|weight loss|purging|that i (?:don'?t|do not) eat)\\b|\\b(?:stop|quit) eating (?:completely|entirely|for (?:days|a week|weeks))\\b|\\b(?:suppress|kill|ignore) (?:my )?(?:appetite|hunger)\\b[^.?!]{0,30}\\b(?:lose|drop)\\b|\\b(?:eat|eating) (?:less than|under|only) (?:[1-5]\\d\\d|[1-9]\\d) (?:calories|kcal|cals)\\b|\\b(?:lose|drop) (?:\\d+ ?(?:lbs?|pounds|kg|kilos)|weight) (?:in|within) (?:a|one|two|\\d) (?:days?|weeks?)\\b[^.?!]{0,40}\\b(?:not eating|starv|fast(?:ing)?|laxatives|purg)|\\b(?:laxatives|diuretics|diet pills) to (?:lose|drop)\\b",
    ),
    unless: re(
      '\\b(?:recover(?:y|ing)?|treatment|help (?:my|a) (?:friend|daughter|son)|signs of|support|therapist|doctor)\\b',
    ),
  },
];
