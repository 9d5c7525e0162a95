import type { DesignDoc } from '../design-doc.js';
import { isRecord } from '../lorebook/coerce.js';
import type { CardEdits, EditableField } from './apply-card-edits.js';
import { type MappedFields, mappedFields, tagSlug } from './card-mapping.js';

/**
 * The card edits a user made in Hearth's editor since import (issue 22 item 4): each card field whose
 * design-doc mapping differs between the doc derived at import and the doc now. A field the user did
 * not touch is absent, so its original bytes are exported. Lists keep the original items the user kept
 * (tags keep their case; greetings their exact text). `includeHidden: false` (a non-owner's export) blanks
 * the card's own system prompts (Hearth's runtime rules are never shown to others).
 */
export function cardEditsBetween(
  imported: DesignDoc,
  current: DesignDoc,
  card: unknown,
  options: {
    /** The viewer may see hidden rules (owner, moderator); otherwise the card's system prompts are blanked. */
    includeHidden: boolean;
    /** The doc written into `extensions.hearth` when the card has one (the public doc for non-owners). */
    hearth: DesignDoc;
    now?: Date;
  },
): CardEdits {
  const data = cardData(card);
  const before = mappedFields(imported);
  const after = mappedFields(current);
  const fields: CardEdits['fields'] = {};
  const changed = (key: keyof MappedFields) => JSON.stringify(before[key]) !== JSON.stringify(after[key]);
  for (const key of [
    'name',
    'description',
    'personality',
    'scenario',
    'mes_example',
    'creator_notes',
  ] as const) {
    if (changed(key)) fields[key] = after[key];
  }
  const originals = [text(data.first_mes), ...list(data.alternate_greetings)];
  const restore = (greeting: string) => originals.find((item) => item.trim() === greeting) ?? greeting;
  if (changed('first_mes')) fields.first_mes = restore(after.first_mes);
  if (changed('alternate_greetings')) {
    // The doc holds at most 10 greetings; alternates past that were never shown, so never removed.
    const unseen = imported.greetings.length >= 10 ? list(data.alternate_greetings).slice(9) : [];
    fields.alternate_greetings = [...after.alternate_greetings.map(restore), ...unseen];
  }
  if (changed('tags')) fields.tags = mergeTags(list(data.tags), after.tags);
  if (JSON.stringify(imported.runtime.notes) !== JSON.stringify(current.runtime.notes)) {
    // The runtime notes were the card's system prompt and post-history instructions joined.
    fields.system_prompt = current.runtime.notes;
    fields.post_history_instructions = '';
  }
  const edits: CardEdits = { fields, hearth: options.hearth };
  if (Object.keys(fields).length > 0 && options.now) edits.now = options.now;
  if (!options.includeHidden) {
    if (text(data.system_prompt) !== '') fields.system_prompt = '';
    if (text(data.post_history_instructions) !== '') fields.post_history_instructions = '';
  }
  return edits;
}

/** Original tags whose slug the user kept (in their own case, once each), then the tags the user added. */
function mergeTags(original: readonly string[], slugs: readonly string[]): string[] {
  const wanted = new Set(slugs);
  const seen = new Set<string>();
  const kept = original.filter((tag) => {
    const slug = tagSlug(tag);
    if (!wanted.has(slug) || seen.has(slug)) return false;
    seen.add(slug);
    return true;
  });
  return [...kept, ...slugs.filter((slug) => !seen.has(slug))];
}

function cardData(card: unknown): Record<string, unknown> {
  if (!isRecord(card)) return {};
  if (isRecord(card.data)) return card.data;
  return card;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export type { EditableField };
