import { HISTORY_OR_DEFINITION, type Rule, re, words } from './vocabulary.js';

/**
 * Operational patterns that do not fit one verb + object shape: black markets, smuggling past
 * security, sabotage, scams as a business, grooming secrecy. Each names the act, not a topic.
 */
const NOT_OPERATIONAL = re(
  `${HISTORY_OR_DEFINITION}|\\b(?:documentary|news|report(?:ed|ing)?|prevent(?:ion)?|protect(?:ion)?|spot|recogni[sz]e|avoid|awareness|warn|victims?|was i|i was|been (?:scammed|robbed|hacked))\\b`,
);

export const operationalRules: Rule[] = [
  {
    id: 'crime.black-market',
    category: 'non_violent_crimes',
    score: 0.8,
    trigger: words('black market', 'dark ?web', 'darknet', 'deep web', 'silk road', 'tor market'),
    pattern: re(
      '\\b(?:buy|sell|get|order|find|post|vendor|purchase|source|link|website|site|market|shop)\\b[^.?!]{0,40}\\b(?:black[- ]market|dark ?web|darknet|deep web|silk road)\\b|\\b(?:black[- ]market|dark ?web|darknet) (?:\\w+ ){0,2}(?:guns?|drugs?|weapons?|ids?|passports?|cards?|organs?|vendors?|markets?|post|listing)\\b',
    ),
    unless: NOT_OPERATIONAL,
  },
  {
    id: 'drugs.illicit-purchase',
    category: 'non_violent_crimes',
    score: 0.75,
    trigger: words(
      'drug',
      'steroid',
      'pill',
      'opioid',
      'substance',
      'ephedrine',
      'pseudoephedrine',
      'precursor',
      'prescription',
      'medication',
      'meds',
    ),
    pattern: re(
      '\\b(?:buy|buying|get|getting|order|ordering|source|sourcing|bulk buy|score|purchase|import|stock up on)\\b (?:\\w+ ){0,3}?(?:illegal|illicit|recreational|unregulated|unlicensed|controlled|street|black[- ]market|prescription|precursor) (?:\\w+ )?(?:drugs?|steroids?|pills|substances?|opioids?|medications?|meds|chemicals)\\b|\\b(?:ephedrine|pseudoephedrine|safrole|p2p|precursors?)\\b[^.?!]{0,40}\\b(?:meth|mdma|drugs|cook)\\b|\\b(?:get|buy|obtain) (?:\\w+ ){0,3}(?:without (?:a )?prescription|without seeing a doctor)\\b',
    ),
    unless: NOT_OPERATIONAL,
  },
  {
    id: 'crime.fake-prescription',
    category: 'non_violent_crimes',
    score: 0.75,
    trigger: words('prescri', 'doctor', 'pharmac'),
    pattern: re(
      '\\b(?:fake|forged?|made[- ]?up|fraudulent|false|bogus) prescriptions?\\b|\\b(?:convince|persuade|trick|manipulate|get|pressure)\\b (?:\\w+ ){0,3}(?:doctors?|gps?|pharmacists?|physicians?) (?:to|into) (?:give|giving|prescrib\\w*|writ\\w*) (?:me )?(?:\\w+ ){0,3}(?:opioids?|oxy\\w*|xanax|adderall|painkillers|benzos|fentanyl|prescriptions?)\\b|\\bdoctor shopping\\b',
    ),
    unless: NOT_OPERATIONAL,
  },
  {
    id: 'crime.underage-sale',
    category: 'non_violent_crimes',
    score: 0.75,
    trigger: words(
      'alcohol',
      'beer',
      'booze',
      'liquor',
      'vodka',
      'cigarette',
      'vape',
      'card',
      'id',
      'background check',
    ),
    pattern: re(
      "\\b(?:buy|get|sell|give|serve|supply|provide)\\b (?:\\w+ ){0,2}(?:alcohol|beer|booze|liquor|vodka|cigarettes|vapes?|tobacco|weed) (?:for|to) (?:\\w+ ){0,2}(?:underage|minors?|kids|children|teens|teenagers|\\d{1,2} ?year olds?)\\b|\\b(?:don'?t|dont|do not|doesn'?t|won'?t|not|never|without) (?:\\w+ ){0,1}(?:card(?:ing)?|check(?:ing)? (?:\\w+ )?(?:ids?|ages?)|ask(?:ing)? for (?:\\w+ )?ids?|look(?:ing)? at (?:\\w+ )?ids|do (?:any )?background checks?|run background checks?)\\b",
    ),
    unless: NOT_OPERATIONAL,
  },
  {
    id: 'crime.stolen-goods',
    category: 'non_violent_crimes',
    score: 0.8,
    trigger: words('stole', 'smuggl', 'hot ', 'fence', 'pawn'),
    pattern: re(
      '\\b(?:sell|selling|fence|move|pawn|offload|unload|get rid of|launder)\\b (?:\\w+ ){0,3}(?:stolen|hot|smuggled|looted) (?:\\w+ ){0,2}(?:goods|items|property|cars?|phones?|jewel\\w*|bikes?|stuff|merchandise|electronics|art|laptops?)\\b|\\b(?:goods|stuff|things|items|cars?|phones?) (?:that )?(?:i|we) (?:have )?(?:stole|stolen|smuggled|looted)\\b|\\bbuy (?:\\w+ ){0,2}stolen\\b',
    ),
    unless: NOT_OPERATIONAL,
  },
  {
    id: 'weapons.smuggle-past-security',
    category: 'non_violent_crimes',
    score: 0.8,
    trigger: words(
      'gun',
      'knife',
      'knives',
      'weapon',
      'explosive',
      'firearm',
      'drug',
      'bomb',
      'blade',
      'pistol',
    ),
    pattern: re(
      '\\b(?:bring|take|sneak|smuggle|carry|get|hide|slip)\\b (?:\\w+ ){0,3}(?:guns?|knife|knives|weapons?|explosives?|firearms?|drugs|bombs?|blades?|pistols?) (?:\\w+ ){0,2}(?:on|onto|into|in|through|past|aboard) (?:a |the |my )?(?:plane|flight|airport|security|school|class|stadium|courthouse|border|customs|prison|jail|concert|metal detectors?)\\b|\\bhid(?:e|ing) (?:my |a |the |our )?(?:knife|gun|weapon|drugs|stash|evidence|body|blood|murder weapon) (?:\\w+ ){0,2}from (?:the )?(?:police|cops|authorities|detectives|feds|security)\\b',
    ),
    unless: re(
      '\\b(?:allowed|legal|rules|tsa (?:rules|guidelines)|permitted|checked (?:bag|luggage)|declare|license[ds]?)\\b',
    ),
  },
  {
    id: 'violence.sabotage',
    category: 'violent_crimes',
    score: 0.85,
    trigger: words(
      'brake',
      'breaks',
      'steering',
      'tyre',
      'tire',
      'lug nut',
      'wheel nut',
      'gas line',
      'carbon monoxide',
    ),
    pattern: re(
      "\\b(?:cut|cutting|tamper(?:ing)? with|sabotag\\w*|disable|loosen|mess with|drain)\\b (?:\\w+'?s? ){0,3}(?:brakes?|breaks|brake (?:lines?|fluid)|steering|tyres?|tires?|wheel nuts|lug nuts|gas lines?)\\b",
    ),
    unless: re('\\b(?:my own|repair|fix|replace|mechanic|check|inspect|squeak|noise|maintenance|worn)\\b'),
  },
  {
    id: 'violence.destroy-property',
    category: 'violent_crimes',
    score: 0.8,
    trigger: words('blow', 'bomb', 'fire', 'burn', 'torch', 'firebomb', 'arson'),
    pattern: re(
      "\\b(?:blow up|blowing up|bomb|set fire to|setting fire to|burn down|burning down|torch|firebomb|commit arson on)\\b (?:\\w+'?s? ){0,3}?(?:car|cars|house|home|apartment|flat|shop|store|office|building|school|church|mosque|synagogue|temple|business|property|restaurant|truck|van|garage)\\b|\\barson\\b (?:\\w+ ){0,3}(?:without|undetected|insurance)",
    ),
    unless: re(
      `${HISTORY_OR_DEFINITION}|\\b(?:in (?:a |the )?(?:game|movie|film|minecraft|gta)|phone|inbox|instagram|online|viral|fireworks|candles?|fireplace|firepit|test|exam|quiz|interview|audition|presentation|speech|performance)\\b`,
    ),
  },
  {
    id: 'violence.gore-seeking',
    category: 'violent_crimes',
    score: 0.7,
    trigger: words(
      'behead',
      'killed',
      'murdered',
      'tortured',
      'executed',
      'dismember',
      'raped',
      'mutilat',
      'gore',
      'snuff',
    ),
    pattern: re(
      '\\b(?:videos?|pictures?|photos?|footage|clips?|sites?|websites?|forums?)\\b (?:\\w+ ){0,3}(?:of|showing|that show|with|where)\\b (?:\\w+ ){0,3}(?:being )?(?:beheaded|killed|murdered|tortured|executed|dismembered|raped|mutilated|gored)\\b|\\b(?:snuff|gore) (?:films?|videos?|sites?|content)\\b',
    ),
    unless: NOT_OPERATIONAL,
  },
  {
    id: 'fraud.scam-business',
    category: 'non_violent_crimes',
    score: 0.8,
    trigger: words(
      'scam',
      'con',
      'fraud',
      'ponzi',
      'pyramid',
      'phish',
      'exploit',
      'fake',
      'convince',
      'persuade',
      'trick',
      'steal',
    ),
    pattern: re(
      "\\b(?:run|running|start|starting|set ?up|setting up|operate|promote|launch|pull off|make money (?:with|from)|resources (?:to|for))\\b (?:\\w+ ){0,3}?(?:scams?|cons?|frauds?|ponzi|pyramid schemes?|phishing)\\b|\\bscam(?:ming|med)? (?:\\w+ ){0,1}(?:people|someone|folks|victims|old|elderly|strangers|tourists|customers|grandparents|seniors|online)\\b|\\b(?:people|victims|targets|marks|someone|folks) (?:\\w+ )?to (?:scam|con|defraud|exploit|fleece|swindle)\\b|\\bexploit (?:\\w+ ){0,4}for (?:\\w+ )?(?:money|cash|profit|savings)\\b|\\b(?:fake|scam|bogus|fraudulent) (?:call cent(?:re|er)|job (?:scam|offers?|ads?|listings?)|charit(?:y|ies)|business|store|shop|investment|drop ?shipping|online store|lottery|giveaway|crypto)\\b|\\b(?:convinc(?:e|es|ing)|persuad(?:e|es|ing)|get|trick(?:s|ing)?|manipulat(?:e|es|ing)|pressur(?:e|es|ing))\\b (?:\\w+ ){0,3}(?:to|into) (?:give|giving|send|sending|transfer\\w*|wire|wiring|hand(?:ing)? over|invest\\w*|pay\\w*) (?:me )?(?:\\w+ ){0,2}(?:money|cash|savings|bank|crypto|bitcoin|gift cards?|their (?:money|savings|details|password))\\b|\\bstealing (?:\\w+'?s? )?(?:identit\\w+|money|savings|credit cards?)\\b",
    ),
    unless: re(
      `${NOT_OPERATIONAL.source}|\\b(?:con(?:s)? (?:of|and pros)|pros and cons|fake (?:it|plants?|tan|nails))\\b`,
    ),
  },
  {
    id: 'crime.intrusion-target',
    category: 'non_violent_crimes',
    score: 0.75,
    trigger: words('hack', 'break into', 'get into', 'crack', 'spy'),
    pattern: re(
      "\\b(?:hire|find|pay) (?:a |some )?hackers?\\b|\\b(?:hack(?:ing)? into|break(?:ing)? into|crack(?:ing)?|spy(?:ing)? on)\\b (?:\\w+'?s? ){0,3}(?:database|macbook|computer|laptop|server|network|phone|iphone|accounts?|e-?mails?|camera|webcam|system|wi-?fi|router|messages|texts)\\b",
    ),
    unless: re(
      '\\b(?:my own|i forgot|forgot (?:my|the)|locked out of my|recover (?:my|our)|ctf|pentest|penetration test(?:ing)? (?:my|our)|authori[sz]ed|bug bounty|with permission|protect|secure|prevent)\\b',
    ),
  },
  {
    id: 'sex-crime.solicitation',
    category: 'sex_related_crimes',
    score: 0.65,
    trigger: words('escort', 'prostitut', 'hooker', 'sex worker', 'pay for sex', 'buy sex', 'brothel'),
    pattern: re(
      '\\b(?:hire|hiring|get|getting|find|finding|book|booking|pay for|paying for|buy|buying|pick up|link me to)\\b (?:\\w+ ){0,3}(?:escorts?|prostitutes?|hookers?|sex workers?|sex|brothels?)\\b',
    ),
    unless: re(
      `${HISTORY_OR_DEFINITION}|\\b(?:legal(?:ly|ity)?|law|decriminali[sz]|rights of|support|exit|safety of)\\b`,
    ),
  },
  {
    id: 'ip.illegal-download',
    category: 'intellectual_property',
    score: 0.65,
    trigger: words('download', 'stream', 'pirat', 'torrent', 'crack'),
    pattern: re(
      '\\b(?:download|stream|watch|get)\\b (?:\\w+ ){0,4}(?:illegally|pirated|cracked)\\b|\\b(?:pirate|pirating|torrent(?:ing)?|crack(?:ing)?)\\b (?:\\w+ ){0,3}(?:movies|films|software|games|music|songs|albums|books|shows|episodes|windows|photoshop|office)\\b',
    ),
    unless: re(`${HISTORY_OR_DEFINITION}|\\b(?:legal(?:ly)?|is it illegal|consequences|risks?)\\b`),
  },
];
