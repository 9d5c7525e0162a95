import { type Rule, re } from './vocabulary.js';

/** Private data kinds people ask for or post about someone else. */
const PRIVATE_DATA =
  '(?:home address|address|where (?:she|he|they) lives?|current location|location|phone number|cell(?:phone)? number|mobile number|number|e-?mail(?: address)?|social security number|ssn|passport number|id number|credit card(?: number| details)?|bank (?:account|details)|password|medical (?:records|history|conditions?)|diagnosis|criminal record|license plate|date of birth|birthday|daily (?:routine|schedule)|schedule|workplace|ip address|real name|maiden name|sexual orientation|immigration status)';

/** Public institutions and fictional people: asking their address or birthday is fine. */
const PUBLIC_OR_FICTIONAL = re(
  '\\b(?:white house|buckingham palace|kremlin|parliament|congress|capitol|downing street|eiffel tower|pentagon|embassy|consulate|city hall|town hall|headquarters|hq|head office|office of|museum|library|university|company|store|restaurant|hospital|airport|station|stadium|zoo|park|post office|customer service|support|official|public|fictional|character|in the (?:book|novel|movie|film|show|series|game)|harry potter|hermione|sherlock|james bond|batman|bruce wayne|superman|clark kent|spider-?man|peter parker|frodo|gandalf|darth vader|luke skywalker|mario|pikachu|homer simpson|spongebob|mickey mouse|santa(?: claus)?|the grinch|dracula|hogwarts|gotham|middle-?earth|narnia|wakanda|my own|mine|myself|my (?:own )?(?:address|number|email))\\b',
);

/** The target is a private individual the asker knows or is fixated on. */
const PRIVATE_PERSON =
  "(?:my (?:ex|ex-?\\w+|neighbou?r|coworker|co-worker|colleague|boss|teacher|classmate|crush|landlord|tenant|therapist|doctor|former \\w+|old \\w+|online friend|match|date|bully|stalker|daughter'?s? \\w+|son'?s? \\w+)|(?:this|that|a|some) (?:girl|guy|woman|man|person|streamer|kid|student|user|stranger|nurse|cashier|waitress|barista)|someone|somebody|her|him|them|the (?:girl|guy|woman|man|person|user|streamer|stranger|victim|witness|juror|judge|cop|officer|reporter|journalist))";

export const privacyRules: Rule[] = [
  {
    id: 'privacy.find-person',
    category: 'privacy',
    score: 0.8,
    pattern: re(
      `\\b(?:where (?:does|do|did|can)|what(?:'s| is| are)|find|get|track|locate|look up|dig up|uncover|figure out|search for|tell me|give me|know)\\b[^.?!]{0,30}?\\b(?:${PRIVATE_PERSON}'?s?|of ${PRIVATE_PERSON}|for ${PRIVATE_PERSON})\\b[^.?!]{0,20}?\\b${PRIVATE_DATA}\\b|\\b(?:find(?: out)?|track|locate|figure out|dig up|work out)\\b[^.?!]{0,10}?\\b(?:where|what) ${PRIVATE_PERSON} (?:lives?|works?|sleeps?|goes|hangs out)\\b|\\b(?:track|trace|locate|follow) (?:\\w+ ){0,2}(?:phone|location|car|ip)\\b[^.?!]{0,20}\\b(?:without (?:them|her|him) knowing|secretly)\\b`,
    ),
    unless: PUBLIC_OR_FICTIONAL,
  },
  {
    // Below the flag threshold on purpose: a named person may be fictional or public. It is evidence
    // for the model layer and for review, not a verdict.
    id: 'privacy.named-private-data',
    category: 'privacy',
    score: 0.45,
    pattern: re(
      "\\b(?:what(?:'s| is| are)|where (?:does|do|is)|find|give me|tell me|get|look up)\\b[^.?!]{0,30}?\\b(?:[a-z]+ [a-z]+'s|[a-z]+'s) (?:home address|private (?:address|number|email|phone)|personal (?:address|number|email|phone|cell)|phone number|cell(?:phone)? number|mobile number|social security number|ssn|passport number|credit card(?: number)?|bank (?:account|details)|medical records|password|license plate|private email|home|exact location|daily routine|unlisted number)\\b|\\bwhere (?:does|do) [a-z]+(?: [a-z]+)? (?:live|sleep)\\b",
    ),
    unless: PUBLIC_OR_FICTIONAL,
  },
  {
    id: 'privacy.acquaintance-private-data',
    category: 'privacy',
    score: 0.75,
    trigger: /\b(?:my|someone|other people|celebrities|a stranger|strangers|his|her|their)\b/,
    pattern: re(
      "\\b(?:my (?:\\w+ ){0,2}?\\w+'s?|someone(?: else)?'s|other people'?s|celebrit(?:y|ies)'?s?|a stranger'?s|strangers'?|(?:his|her|their) (?:\\w+ )?\\w+'s?) (?:\\w+ ){0,2}?(?:social security(?: number)?|ssn|passport(?: number)?|credit card(?: number| details)?|bank (?:account|details|statements?)|passwords?|pin(?: code| number)?|log ?ins?|medical (?:records|history)|mental health|health records|diagnos\\w+|criminal (?:record|history)|tax (?:records|returns)|immigration status|date of birth|birth certificate|phone number|home address|browsing history|search history|religious beliefs|political (?:affiliation|views)|marital status|salary|income|union membership|sexual (?:orientation|history)|driver'?s licen[cs]e(?: number)?|license plate|location history|private (?:messages|photos|emails?))\\b",
    ),
    unless: re(
      '\\b(?:my own|mine|(?:i|we) (?:lost|forgot)|recover|reset|protect|secure|report|legally|with (?:their|his|her) (?:consent|permission)|(?:should|do) i share|how (?:do|can) i (?:keep|protect))\\b',
    ),
  },
  {
    id: 'privacy.dox-post',
    category: 'privacy',
    score: 0.85,
    pattern: re(
      "\\b(?:dox|doxx|doxing|doxxing|expose|publish|post|leak|share|spread)\\b[^.?!]{0,30}\\b(?:her|his|their|someone'?s|my \\w+'?s?|the \\w+'?s?)\\b[^.?!]{0,15}\\b(?:address|phone number|number|location|home|workplace|real name|identity|personal (?:info|information|details|data)|private (?:info|information|details))\\b",
    ),
    unless: re(
      '\\b(?:protect|remove|prevent|report|was doxx?ed|got doxx?ed|been doxx?ed|privacy settings)\\b',
    ),
  },
];

/** Personal data patterns: only evidence for doxxing when a doxxing rule also matched. */
export const PERSONAL_DATA = [
  {
    kind: 'phone',
    pattern: /(?<!\d)(?:\+?\d{1,3}[ .-]?)?(?:\(\d{2,4}\)|\d{2,4})[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\d)/,
  },
  { kind: 'email', pattern: /\b[\w.+-]+@[\w-]+\.[\w.-]{2,}\b/ },
  {
    kind: 'street_address',
    pattern:
      /\b\d{1,5} (?:[a-z]+ ){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|close|crescent)\b/,
  },
] as const;

export const injectionRules: Rule[] = [
  {
    id: 'injection.override',
    category: 'prompt_injection',
    score: 0.85,
    pattern: re(
      "\\b(?:ignore|disregard|forget|override|bypass|skip) (?:all |any |every |the |your |my |these |those )?(?:previous|prior|above|earlier|preceding|original|initial|system|safety|hidden|developer)? ?(?:instructions?|rules|prompts?|guidelines|directives|programming|restrictions|filters|constraints|policies|messages)\\b|\\b(?:you are|you're) now (?:dan|in developer mode|jailbroken|unfiltered|uncensored|free of|no longer bound)\\b|\\b(?:developer|god|jailbreak|dan) mode\\b|\\bdo anything now\\b|\\b(?:without|no|free from|ignore your) (?:any )?(?:content )?(?:restrictions|filters|censorship|guidelines|safety (?:rules|filters))\\b(?=.*\\b(?:pretend|act|you are|respond|answer|roleplay)\\b)|\\bnew (?:system )?instructions?:|\\[?system\\]?:|<\\|?(?:im_start|system)\\|?>",
    ),
  },
  {
    id: 'injection.extraction',
    category: 'prompt_injection',
    score: 0.8,
    pattern: re(
      '\\b(?:reveal|show|print|repeat|output|display|tell me|give me|leak|dump|copy|paste|recite|what (?:is|are|was|were)|write out|spell out|translate)\\b[^.?!]{0,25}\\b(?:your|the) (?:system ?prompt|initial (?:prompt|instructions)|original (?:prompt|instructions)|hidden (?:prompt|instructions|rules)|instructions (?:above|you were given)|prompt above|pre-?prompt|developer (?:message|instructions)|character (?:definition|card|sheet)|configuration|secret (?:instructions|rules|word|token))\\b|\\b(?:everything|all text|all the text|the text) (?:above|before) (?:this|my) (?:line|message)\\b|\\brepeat (?:the )?words above\\b',
    ),
  },
];
