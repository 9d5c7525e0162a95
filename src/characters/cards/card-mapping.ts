import { type DesignDoc, LONG_TEXT_MAX, designDocBaseSchema } from '../design-doc.js';
import { isRecord } from '../lorebook/coerce.js';
import { invalidCard } from './limits.js';
import { normaliseCard } from './normalise-card.js';
import { parseExampleDialogues, renderExampleDialogues } from './example-dialogues.js';
import type { CardDataV3, CardV3 } from './types.js';

/** Card fields Hearth writes from a design doc; everything else in a card is left as found. */
export type MappedFields = Pick<
  CardDataV3,
  | 'name'
  | 'description'
  | 'personality'
  | 'scenario'
  | 'first_mes'
  | 'alternate_greetings'
  | 'mes_example'
  | 'creator_notes'
  | 'tags'
>;

/**
 * A design doc from a card. Without `extensions.hearth`: name; description → backstory; personality →
 * emotional signature; scenario; first_mes + alternate_greetings → greetings; mes_example → example
 * dialogues; creator_notes → public description; tags → slugs; system prompt + post-history
 * instructions → runtime notes. With a valid `extensions.hearth` doc, that doc is the base and only
 * the card fields edited since Hearth wrote them (by another app) are mapped over it.
 * Structure only: callers still run `designDocSchema` for the adults-only check.
 */
export function designDocFromCard(card: CardV3): DesignDoc {
  const data = normaliseCard(card).card.data;
  const stored = isRecord(data.extensions.hearth)
    ? designDocBaseSchema.safeParse(data.extensions.hearth)
    : undefined;
  if (stored?.success) {
    const doc = structuredClone(stored.data);
    const written = mappedFields(doc);
    const changed = (keys: Array<keyof MappedFields>) =>
      keys.some((key) => JSON.stringify(written[key]) !== JSON.stringify(data[key]));
    if (changed(['name'])) doc.name = nameOf(data);
    if (changed(['description'])) doc.backstory = clip(data.description, LONG_TEXT_MAX);
    if (changed(['personality'])) doc.emotionalSignature = clip(data.personality, 1000);
    if (changed(['scenario'])) doc.scenario = clip(data.scenario, 4000);
    if (changed(['first_mes', 'alternate_greetings'])) doc.greetings = greetingsOf(data);
    if (changed(['mes_example'])) doc.exampleDialogues = parseExampleDialogues(data.mes_example, data.name);
    if (changed(['creator_notes'])) doc.description = clip(notesOf(data), 4000);
    if (changed(['tags'])) doc.tags = tagsOf(data.tags);
    return validate(doc);
  }
  const personality = data.personality.trim();
  const overflow = personality.length > 1000 ? `\n\nPersonality: ${personality}` : '';
  const instructions = [data.system_prompt.replace(/\{\{original\}\}/gi, ''), data.post_history_instructions]
    .map((text) => text.trim())
    .filter(Boolean)
    .join('\n\n');
  return validate({
    name: nameOf(data),
    description: clip(notesOf(data), 4000),
    backstory: clip(data.description.trim() + overflow, LONG_TEXT_MAX),
    emotionalSignature: overflow ? '' : personality,
    scenario: clip(data.scenario, 4000),
    greetings: greetingsOf(data),
    exampleDialogues: parseExampleDialogues(data.mes_example, data.name),
    tags: tagsOf(data.tags),
    rating: data.tags.some((tag) => /^nsfw$/i.test(tag.trim())) ? 'nsfw' : 'sfw',
    runtime: { notes: clip(instructions, 4000) },
  });
}

/**
 * A card from a design doc. Every field of `base` (the card originally imported) is kept — lorebook,
 * system prompt, assets, unknown keys — and the doc fills the standard fields and is stored whole under
 * `extensions.hearth`. Pass the public doc (runtime rules stripped) when the exporter is not the owner.
 */
export function cardFromCharacter(doc: DesignDoc, base?: CardV3): CardV3 {
  const card = base
    ? normaliseCard(structuredClone(base)).card
    : normaliseCard({ spec: 'chara_card_v3', spec_version: '3.0', data: {} }).card;
  Object.assign(card.data, mappedFields(doc));
  card.data.extensions = { ...card.data.extensions, hearth: structuredClone(doc) };
  return card;
}

/** The card fields a design doc stands for (what a Hearth-made card carries). */
export function mappedFields(doc: DesignDoc): MappedFields {
  const facts = [
    doc.age !== null && doc.age !== '' ? `Age: ${doc.age}` : '',
    doc.pronouns ? `Pronouns: ${doc.pronouns}` : '',
    doc.visualIdentity.description ? `Appearance: ${doc.visualIdentity.description}` : '',
  ].filter(Boolean);
  const traits = [
    doc.archetype,
    doc.emotionalSignature,
    doc.humour ? `Humour: ${doc.humour}` : '',
    doc.attachmentStyle ? `Attachment: ${doc.attachmentStyle}` : '',
    doc.speechRhythm.vocabulary ? `Speech: ${doc.speechRhythm.vocabulary}` : '',
    doc.relationshipGoals ? `Goals: ${doc.relationshipGoals}` : '',
  ].filter(Boolean);
  return {
    name: doc.name,
    description: [doc.backstory, facts.join('\n')].filter(Boolean).join('\n\n'),
    personality: traits.join('\n'),
    scenario: doc.scenario,
    first_mes: doc.greetings[0] ?? '',
    alternate_greetings: doc.greetings.slice(1),
    mes_example: renderExampleDialogues(doc.exampleDialogues),
    creator_notes: [doc.tagline, doc.description].filter(Boolean).join('\n\n'),
    tags: [...doc.tags],
  };
}

function validate(input: unknown): DesignDoc {
  const parsed = designDocBaseSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidCard(`The card cannot become a Hearth character: ${issue.path.join('.')} ${issue.message}.`);
  }
  return parsed.data;
}

function nameOf(data: CardDataV3): string {
  return clip(data.name.trim() || data.nickname?.trim() || 'Unnamed character', 80);
}

function notesOf(data: CardDataV3): string {
  const multilingual = data.creator_notes_multilingual as unknown;
  const english = isRecord(multilingual) && typeof multilingual.en === 'string' ? multilingual.en : undefined;
  return (english ?? data.creator_notes).trim();
}

function greetingsOf(data: CardDataV3): string[] {
  const greetings = [data.first_mes, ...data.alternate_greetings]
    .map((greeting) => clip(greeting.trim(), LONG_TEXT_MAX))
    .filter(Boolean)
    .slice(0, 10);
  return greetings.length > 0 ? greetings : ['Hello, {{user}}.'];
}

function tagsOf(tags: readonly string[]): string[] {
  const slugs = tags.map(tagSlug).filter(Boolean);
  return [...new Set(slugs)].slice(0, 20);
}

/** A card tag as a Hearth tag (lowercase slug): the copy used for search, never written back. */
export function tagSlug(tag: string): string {
  return tag
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]+/gu, '')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 32)
    .trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max).trimEnd() : text.trim();
}
