import { z } from 'zod';
import { findMinorAgeSignals } from './minor-age.js';

/**
 * The character design document (issue 4): a companion's identity as structured data. Versioned so
 * stored docs can be migrated; every field except `name` and one greeting has a default, so a minimal
 * doc `{name, greetings: ['Hi']}` is valid. The hidden runtime rules (`runtime`) go only into the
 * system prompt and are stripped from anything a non-owner can read (see public-character.ts).
 */
export const DESIGN_DOC_VERSION = 1;

/**
 * Greetings and backstory hold what real cards carry (issue 22: a 14,422-character `first_mes`, long
 * descriptions), so an imported card's greeting and description are never clipped.
 */
export const LONG_TEXT_MAX = 32_000;

const text = (max: number) => z.string().trim().max(max).default('');
const list = (maxItems: number, maxLength: number) =>
  z.array(z.string().trim().min(1).max(maxLength)).max(maxItems).default([]);

export const speechRhythmSchema = z.strictObject({
  sentenceLength: z.enum(['short', 'medium', 'long', 'varied']).default('medium'),
  /** Free text: "plain and warm", "academic, loves long words". */
  vocabulary: text(300),
  emojiUse: z.enum(['none', 'rare', 'moderate', 'frequent']).default('rare'),
  verbalQuirks: list(12, 200),
});

export const visualIdentitySchema = z.strictObject({
  description: text(2000),
  /** Media path or URL of the avatar, set by the avatar upload route. */
  avatarRef: z.string().max(500).nullable().default(null),
});

export const familiarityLevels = ['stranger', 'acquaintance', 'friend', 'close'] as const;
export type FamiliarityLevel = (typeof familiarityLevels)[number];

/** How many meaningful exchanges it takes to move up one step (per step, not cumulative). */
export const familiarityPaceSchema = z.strictObject({
  toAcquaintance: z.number().int().min(1).max(1000).default(3),
  toFriend: z.number().int().min(1).max(1000).default(12),
  toClose: z.number().int().min(1).max(5000).default(30),
  /** A user message counts as "meaningful" from this many characters up. */
  meaningfulMinChars: z.number().int().min(1).max(2000).default(40),
});

export const reactionsSchema = z.strictObject({
  silence: text(500),
  jealousy: text(500),
  praise: text(500),
  refusal: text(500),
});

export const proactivePolicySchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Hours of user silence before the character may reach out. */
  afterHoursOfSilence: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  maxPerDay: z.number().int().min(0).max(10).default(1),
  style: text(500),
});

/** Hidden runtime rules: behaviour knobs the model sees, non-owners never do. */
export const runtimeRulesSchema = z.strictObject({
  familiarityPace: familiarityPaceSchema.default(() => familiarityPaceSchema.parse({})),
  followUpQuestions: z.enum(['rare', 'sometimes', 'often']).default('sometimes'),
  media: z
    .strictObject({
      when: z.enum(['never', 'on_request', 'contextual', 'often']).default('on_request'),
      notes: text(500),
    })
    .default(() => ({ when: 'on_request' as const, notes: '' })),
  reactions: reactionsSchema.default(() => reactionsSchema.parse({})),
  proactive: proactivePolicySchema.default(() => proactivePolicySchema.parse({})),
  /** Extra private instructions for the model, in the creator's words. */
  notes: text(4000),
});

export const exampleDialogueSchema = z.strictObject({
  user: z.string().trim().min(1).max(2000),
  character: z.string().trim().min(1).max(4000),
});

export const ratingSchema = z.enum(['sfw', 'nsfw']);
export const visibilitySchema = z.enum(['private', 'unlisted', 'public']);
export const statusSchema = z.enum(['draft', 'published', 'locked']);

/** Tags are lowercase slugs so tag filters are exact and case-free. */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(32)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'letters, digits, spaces, - and _ only');

/** Structure only, no age check; `designDocSchema` adds the adults-only refinement. */
export const designDocBaseSchema = z.strictObject({
  version: z.literal(DESIGN_DOC_VERSION).default(DESIGN_DOC_VERSION),
  name: z.string().trim().min(1).max(80),
  tagline: text(200),
  /** Public summary shown on the character page and searched in Explore. */
  description: text(4000),
  archetype: text(80),
  /** A number ≥ 18 or free text ("early thirties"); `null` when unstated. */
  age: z
    .union([z.number().int().min(18).max(100_000), z.string().trim().max(60)])
    .nullable()
    .default(null),
  pronouns: text(40),
  backstory: text(LONG_TEXT_MAX),
  emotionalSignature: text(1000),
  speechRhythm: speechRhythmSchema.default(() => speechRhythmSchema.parse({})),
  attachmentStyle: text(300),
  humour: text(300),
  relationshipGoals: text(1000),
  boundaries: list(20, 300),
  tabooTopics: list(20, 200),
  visualIdentity: visualIdentitySchema.default(() => visualIdentitySchema.parse({})),
  greetings: z.array(z.string().trim().min(1).max(LONG_TEXT_MAX)).min(1).max(10),
  exampleDialogues: z.array(exampleDialogueSchema).max(20).default([]),
  scenario: text(4000),
  runtime: runtimeRulesSchema.default(() => runtimeRulesSchema.parse({})),
  rating: ratingSchema.default('sfw'),
  tags: z.array(tagSchema).max(20).default([]),
  visibility: visibilitySchema.default('private'),
  status: statusSchema.default('draft'),
});

/** The design document, refusing any stated or implied age under 18 (issue 4, acceptance). */
export const designDocSchema = designDocBaseSchema.superRefine((doc, context) => {
  for (const signal of findMinorAgeSignals(doc)) {
    context.addIssue({
      code: 'custom',
      path: signal.path,
      message: `Characters must be adults: "${signal.match}" suggests an age under 18.`,
      params: { code: 'minor_character' },
    });
  }
});

export type DesignDoc = z.output<typeof designDocBaseSchema>;
export type DesignDocInput = z.input<typeof designDocBaseSchema>;
export type RuntimeRules = DesignDoc['runtime'];
export type Rating = z.output<typeof ratingSchema>;
export type Visibility = z.output<typeof visibilitySchema>;
export type CharacterStatus = z.output<typeof statusSchema>;

export const defaultRuntimeRules: RuntimeRules = runtimeRulesSchema.parse({});

/** Replaces the card-ecosystem macros `{{char}}` and `{{user}}` (any case, inner spaces allowed). */
export function fillMacros(text: string, names: { char: string; user: string }): string {
  return text
    .replace(/\{\{\s*char\s*\}\}|<BOT>/gi, names.char)
    .replace(/\{\{\s*user\s*\}\}|<USER>/gi, names.user);
}

/** The opening line of a chat: the first greeting (or `index`), macros filled in. */
export function greetingFor(doc: Pick<DesignDoc, 'name' | 'greetings'>, userName: string, index = 0): string {
  const greeting = doc.greetings[index] ?? doc.greetings[0] ?? '';
  return fillMacros(greeting, { char: doc.name, user: userName });
}
