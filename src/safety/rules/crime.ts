import { type Rule, SEEKING, anyOf, re } from './vocabulary.js';
import { weaponRules } from './weapons.js';

const DRUG = anyOf([
  'meth(?:amphetamine)?',
  'crystal meth',
  'cocaine',
  'coke',
  'crack(?: cocaine)?',
  'heroin',
  'fentanyl',
  'carfentanil',
  'opioids?',
  'oxy(?:contin|codone)?',
  'lsd',
  'acid',
  'mdma',
  'ecstasy',
  'molly',
  'ketamine',
  'ghb',
  'pcp',
  'dmt',
  'mescaline',
  'psilocybin',
  'magic mushrooms',
  'shrooms',
  'xanax',
  'adderall',
  'illegal drugs?',
  'hard drugs?',
  'drugs',
  'narcotics',
  'steroids',
  'weed',
  'marijuana',
  'cannabis',
  'opium',
  'morphine',
  'codeine',
  'lean',
  'bath salts',
  'spice',
  'k2',
  'rohypnol',
  'roofies',
]);

const SAFE_CONTEXT = re(
  '\\b(?:(?:can|bottle|glass|diet|cherry|vanilla) (?:of )?coke|coke zero|coca|garden|lawn|yard|weeding|weed killer|weeds|acid reflux|stomach acid|citric acid|amino acids?|acid rain)\\b|\\b(?:history of|historical|in (?:a |the )?(?:game|movie|film|novel|story|fiction)|what (?:is|are|was|were) (?:a |an |the )?|definition|define|meaning of|why (?:is|are|was|were|did|do)|effects? of|dangers? of|risks? of|how (?:dangerous|addictive|harmful)|side effects|addiction|recovery|rehab|overdose symptoms|treatment|quit(?:ting)?|detect|detection|dispos(?:e|al) of (?:old|unused|expired)|legal(?:ly)? (?:in|where)|prescri(?:bed|ption)|doctor|pharmacist|bomb squad|defus(?:e|al)|safely (?:dispose|store))\\b',
);

/** Weapons (see weapons.ts) first, then drugs, fraud, theft, hacking, evasion and trafficking; order is match order. */
export const crimeRules: Rule[] = [
  ...weaponRules,
  {
    id: 'drugs.make-or-trade',
    category: 'non_violent_crimes',
    score: 0.8,
    pattern: re(
      `\\b(?:${SEEKING}|recipe for|ingredients for)[^.?!]{0,40}?\\b(?:make|making|cook|cooking|synthesi[sz]e|produce|manufacture|grow|extract|buy|get|obtain|score|purchase|order|sell|deal|smuggle|traffic|import|ship|mail|hide|stash|cut|lace|spike|sneak)\\b[^.?!]{0,25}?\\b${DRUG}\\b`,
    ),
    unless: SAFE_CONTEXT,
  },
  {
    id: 'drugs.dealing',
    category: 'non_violent_crimes',
    score: 0.75,
    pattern: re(
      `\\b(?:sell|selling|deal|dealing|push|pushing|move|moving|traffic|trafficking|smuggle|smuggling)\\b[^.?!]{0,15}\\b${DRUG}\\b[^.?!]{0,40}\\b(?:without (?:getting )?(?:caught|busted|arrested)|to (?:kids|teens|students|minors)|at (?:school|parties|clubs)|across (?:the )?border|through (?:customs|airport)|police|cops)|\\b(?:lace|spike) (?:\\w+ ){0,3}with\\b|\\b(?:pass|beat|cheat) (?:a |the |my )?drug test\\b|\\bdark ?web (?:market|vendor|drugs?)\\b`,
    ),
    unless: SAFE_CONTEXT,
  },
  {
    id: 'fraud.scam',
    category: 'non_violent_crimes',
    score: 0.8,
    pattern: re(
      `\\b(?:${SEEKING}|draft|compose|create|craft|design|generate)[^.?!]{0,40}?\\b(?:phishing|scam|fraudulent|fake|spoofed|spoof|counterfeit|forged?|bogus|deceptive|convincing fake)\\b[^.?!]{0,25}?\\b(?:e-?mails?|messages?|texts?|sms|websites?|sites?|pages?|login pages?|invoices?|letters?|calls?|scripts?|ids?|id cards?|identity cards?|passports?|driver'?s licen[cs]es?|documents?|certificates?|diplomas?|checks?|cheques?|bills?|money|currency|banknotes?|reviews?|charity|profiles?|accounts?|lottery|prize|giveaway|invoice|receipts?|prescriptions?|doctor'?s notes?|signatures?|insurance claims?|tax returns?|crypto|investment|business)\\b`,
    ),
    unless: re(
      '\\b(?:spot|recogni[sz]e|identify|detect|avoid|protect|report|warn|examples? of (?:phishing|scams?) to (?:train|teach)|training|awareness|is this (?:a )?(?:scam|phishing)|what (?:is|are) (?:a )?(?:phishing|scam))\\b|\\bfake (?:tan|plants?|nails|eyelashes|snow|blood for (?:halloween|a costume|a film)|it till)\\b',
    ),
  },
  {
    id: 'fraud.deceive-victims',
    category: 'non_violent_crimes',
    score: 0.8,
    pattern: re(
      `\\b(?:${SEEKING}|best way to)[^.?!]{0,30}?\\b(?:scam|con|swindle|defraud|trick|fool|dupe|deceive|manipulate|cheat|rip off|fleece|exploit|catfish|blackmail|extort|bribe)\\b[^.?!]{0,40}?\\b(?:people|someone|victims?|(?:old|elderly|vulnerable|lonely|rich|naive|gullible) (?:people|persons?|folks|ladies|men|women|widows?)|the elderly|seniors|grandparents?|grandma|grandpa|customers?|investors?|(?:an? |the )?insurance|(?:the )?(?:bank|irs|government|tax)|my (?:employer|boss|company|landlord|parents?|friends?|family)|(?:into )?(?:giving|sending|handing over|wiring|transferring|revealing|sharing) (?:me )?(?:their|his|her|your|money|cash|bank|credit|passwords?|personal|gift cards?|crypto|social security))`,
    ),
    unless: re(
      '\\b(?:protect|avoid|spot|recogni[sz]e|warn|report|prevent|signs of|am i being|was i|got scammed|been scammed|victim of)\\b|\\b(?:in|at) (?:a |the )?(?:game|chess|poker|monopoly|cards)\\b',
    ),
  },
  {
    id: 'fraud.financial-crime',
    category: 'non_violent_crimes',
    score: 0.8,
    pattern: re(
      "\\b(?:launder(?:ing)? (?:money|cash|funds|the proceeds)|money laundering scheme|counterfeit (?:money|cash|bills|currency|notes)|print (?:fake |my own )?(?:money|currency)|evade (?:paying )?taxes|tax evasion scheme|hide (?:money|income|assets) from (?:the )?(?:irs|tax|government|authorities|hmrc)|ponzi scheme|pyramid scheme|insurance fraud|commit (?:\\w+ )?fraud|credit card fraud|identity theft|steal (?:\\w+ )?(?:identity|identities|credit card|card numbers|bank details|passwords?|social security)|use (?:a |someone else'?s |stolen )(?:credit card|identity|ssn|social security)|skim(?:mer|ming)? (?:credit )?cards?|(?:card|credit card) skimmer|embezzle|insider trading|pump and dump|wash trading|forge (?:a |his |her |my )?(?:signature|check|cheque|document|will))\\b",
    ),
    unless: re(
      `${SAFE_CONTEXT.source}|\\b(?:protect|prevent|avoid|victim|report|detect|what (?:is|are)|how does .{0,20} work)\\b`,
    ),
  },
  {
    id: 'crime.theft-intrusion',
    category: 'non_violent_crimes',
    score: 0.75,
    pattern: re(
      `\\b(?:${SEEKING})[^.?!]{0,30}?\\b(?:steal|shoplift|rob|burgle|burglari[sz]e|break into|hotwire|hot-wire|carjack|pickpocket|loot|hijack|vandali[sz]e|trespass|sneak into|get into)\\b[^.?!]{0,30}?\\b(?:a |an |the |my |his |her |their |someone'?s?|from |without )?(?:\\w+ ){0,2}(?:car|cars|house|home|store|shop|bank|atm|safe|wallet|purse|money|cash|jewel(?:le)?ry|phone|bike|apartment|building|office|locker|mailbox|packages?|identity|gas station|pharmacy|without (?:paying|getting caught|being seen|a ticket))\\b`,
    ),
    unless: re(
      "\\b(?:locked (?:myself )?out|my own (?:car|house|home)|lost (?:my )?keys?|in (?:a |the )?(?:game|gta|minecraft|heist movie)|protect|prevent|secure|stop (?:someone|people|thieves)|burglar[- ]?proof|steal the show|steal (?:a|the) (?:glance|kiss|base|scene|spotlight|look)|steal (?:someone'?s )?heart)\\b",
    ),
  },
  {
    id: 'crime.hacking',
    category: 'non_violent_crimes',
    score: 0.8,
    pattern: re(
      `\\b(?:${SEEKING})[^.?!]{0,30}?\\b(?:hack|hacking|break into|get into|access|crack|bypass|brute[- ]?force|take over|hijack|spy on|monitor|read|log ?into|get (?:the )?password (?:of|to|for))\\b[^.?!]{0,25}?\\b(?:someone(?:'s| else'?s)?|my (?:ex|ex'?s|wife'?s?|husband'?s?|girlfriend'?s?|boyfriend'?s?|partner'?s?|boss'?s?|neighbou?r'?s?|coworker'?s?|friend'?s?|sister'?s?|brother'?s?|teacher'?s?)|his|her|their|a|an|the)\\b[^.?!]{0,20}?\\b(?:accounts?|e-?mails?|inbox|phones?|instagram|facebook|snapchat|whatsapp|icloud|gmail|texts|messages|dms|computers?|laptops?|wi-?fi|network|webcam|camera|bank(?: account)?|server|database|website|passwords?)\\b`,
    ),
    unless: re(
      '\\b(?:my own|i forgot|forgot my|recover my|reset my|locked out of my|secure|protect|prevent|was hacked|got hacked|been hacked|ctf|capture the flag|pentest(?:ing)? (?:my|our)|authori[sz]ed|with (?:their|his|her) permission)\\b',
    ),
  },
  {
    id: 'crime.malware',
    category: 'non_violent_crimes',
    score: 0.8,
    pattern: re(
      `\\b(?:${SEEKING}|code for|script (?:for|to|that))[^.?!]{0,30}?\\b(?:ransomware|keylogger|malware|spyware|stalkerware|a virus|computer virus|trojan|botnet|rootkit|ddos|d-dos|credential stealer|cryptojacker|worm that|zero[- ]day exploit)\\b`,
    ),
    unless: re(
      '\\b(?:protect|remove|detect|prevent|defend|what is|what are|how does|scan|antivirus|clean)\\b',
    ),
  },
  {
    id: 'crime.evade-police',
    category: 'non_violent_crimes',
    score: 0.7,
    pattern: re(
      '\\b(?:without (?:getting|being) (?:caught|arrested|traced|detected|noticed)|(?:avoid|evade|escape|outrun|lose) (?:the )?(?:police|cops|feds|detection|law enforcement|a police chase)|cover (?:my|our) tracks|destroy (?:the )?evidence|leave no (?:trace|evidence|fingerprints)|untraceable|get away with)\\b',
    ),
    unless: re(
      '\\b(?:surprise party|prank|in (?:a |the )?game|novel|story|hide and seek|eat|snack|cookies?|nap|sleep in|skip)\\b',
    ),
  },
  {
    id: 'crime.human-trafficking',
    category: 'non_violent_crimes',
    score: 0.9,
    pattern: re(
      '\\b(?:traffic|smuggle|sell|buy) (?:\\w+ ){0,2}(?:people|humans|women|girls|children|kids|migrants|organs|a kidney|slaves?)\\b|\\b(?:recruit|lure|groom) (?:\\w+ ){0,3}(?:into|for) (?:prostitution|sex work|the sex trade|trafficking)\\b|\\bforced labou?r\\b',
    ),
    unless: re(
      '\\b(?:victims?|prevent|report|signs of|fight|combat|stop|history|statistics|awareness|help)\\b',
    ),
  },
];
