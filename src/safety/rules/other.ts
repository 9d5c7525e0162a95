import { type Rule, SEEKING, re } from './vocabulary.js';

/** Elections, IP, defamation and specialised advice: narrower, lower-confidence rules. */
export const otherRules: Rule[] = [
  {
    id: 'elections.interference',
    category: 'elections',
    score: 0.75,
    pattern: re(
      `\\b(?:${SEEKING})[^.?!]{0,30}?\\b(?:rig|steal|hack|manipulate|tamper with|fake)\\b[^.?!]{0,15}\\b(?:an? |the )?(?:election|vote|votes|ballots?|voting machines?|polls?)\\b|\\b(?:stop|prevent|discourage|intimidate|scare|keep)\\b[^.?!]{0,25}\\b(?:people|voters|black people|immigrants|minorities|students|democrats|republicans)\\b[^.?!]{0,15}\\b(?:from )?(?:voting|the polls)\\b|\\b(?:vote (?:twice|multiple times|more than once|for someone else|in someone else'?s name)|fake (?:ballots|voter registrations?)|tell (?:people|voters) (?:the )?(?:wrong|fake) (?:date|polling place|election day))\\b`,
    ),
    unless: re(
      '\\b(?:prevent|protect|detect|history|how do (?:election officials|states)|is it (?:illegal|legal))\\b',
    ),
  },
  {
    id: 'ip.piracy',
    category: 'intellectual_property',
    score: 0.65,
    pattern: re(
      `\\b(?:${SEEKING})[^.?!]{0,30}?\\b(?:pirate|torrent|crack|keygen|bypass (?:the )?(?:drm|paywall|activation|license)|download (?:\\w+ ){0,3}(?:for free|illegally|without paying)|get (?:\\w+ ){0,3}(?:for free|without paying))\\b[^.?!]{0,25}\\b(?:movies?|films?|software|windows|office|photoshop|adobe|games?|music|songs?|albums?|books?|textbooks?|shows?|netflix|spotify|episodes?|license keys?|serial keys?)\\b`,
    ),
    unless: re('\\b(?:legal(?:ly)?|free trial|public domain|open source|library|legitimately)\\b'),
  },
  {
    id: 'defamation.fabricate',
    category: 'defamation',
    score: 0.6,
    pattern: re(
      '\\b(?:write|make up|invent|fabricate|create|spread|post)\\b[^.?!]{0,30}\\b(?:fake|false|made[- ]up|fabricated|untrue)\\b[^.?!]{0,20}\\b(?:news|story|article|rumou?rs?|allegations?|claims?|accusations?|reviews?|quotes?|scandal)\\b[^.?!]{0,30}\\b(?:about|that|claiming|accusing|saying)\\b|\\b(?:spread|start) (?:a |the )?rumou?rs? (?:that|about)\\b',
    ),
    unless: re('\\b(?:satire|parody|clearly fictional|spot|detect|debunk|fact[- ]check)\\b'),
  },
  {
    id: 'advice.dangerous-medical',
    category: 'specialized_advice',
    score: 0.55,
    pattern: re(
      '\\b(?:perform|do) (?:my own |an? )?(?:surgery|abortion|amputation|c-section) (?:on myself|at home|myself)\\b|\\b(?:stop taking|quit) (?:my )?(?:insulin|chemo|antidepressants|medication|meds|heart medication|seizure medication) (?:cold turkey|without (?:telling|asking) (?:my )?doctor|and use)\\b|\\b(?:cure|treat) (?:\\w+ )?(?:cancer|diabetes|hiv|aids) (?:with|using) (?:only )?(?:bleach|essential oils|herbs|juice|fasting|vitamin c|urine)\\b|\\bdrink(?:ing)? bleach\\b|\\bmms (?:protocol|cure)\\b',
    ),
  },
];
