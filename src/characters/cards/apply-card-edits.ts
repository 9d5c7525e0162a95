import { stripDecorators } from '../lorebook/index.js';
import { isRecord } from '../lorebook/coerce.js';

/** Card `data` fields Hearth's editor can change (issue 22 item 4). */
export type EditableField =
  | 'name'
  | 'description'
  | 'personality'
  | 'scenario'
  | 'first_mes'
  | 'alternate_greetings'
  | 'mes_example'
  | 'creator_notes'
  | 'system_prompt'
  | 'post_history_instructions'
  | 'tags';

/** Only the fields the user changed; an absent key means "leave the card's bytes alone". */
export interface CardEdits {
  fields: Partial<Record<EditableField, string | string[]>>;
  /** Replaces `data.extensions.hearth` when the card already carries one (a card Hearth wrote). */
  hearth?: unknown;
  /** Bumps an existing `modification_date` in the unit it was written in (ms stays ms). */
  now?: Date;
}

/** Where V1 cards and ST root mirrors keep a `data` field under another name. */
const ROOT_NAMES: Partial<Record<EditableField, string>> = { creator_notes: 'creatorcomment' };

export function hasEdits(edits: CardEdits): boolean {
  return Object.keys(edits.fields).length > 0;
}

/**
 * Applies `edits` to a card object as parsed from the user's file (V1 flat, V2 or V3), touching nothing
 * else: unknown keys, key order, root mirrors of untouched fields and every other byte stay as found.
 * A root mirror of an edited field (ST, Agnai, Wyvern repeat `data` at the root) is updated with it.
 */
export function applyCardEdits(raw: unknown, edits: CardEdits): unknown {
  if (!isRecord(raw) || !hasEdits(edits)) return raw;
  const card = structuredClone(raw);
  const data = isRecord(card.data) ? card.data : undefined;
  for (const [field, value] of Object.entries(edits.fields) as Array<[EditableField, string | string[]]>) {
    if (data) data[field] = value;
    const rootName = ROOT_NAMES[field] ?? field;
    // A V1 card is its own data; on V2/V3 only mirrors that already exist are kept in step.
    if (!data || rootName in card) card[rootName] = value;
  }
  const target = data ?? card;
  if (edits.hearth !== undefined && isRecord(target.extensions) && 'hearth' in target.extensions) {
    target.extensions = { ...target.extensions, hearth: edits.hearth };
  }
  for (const holder of data ? [data, card] : [card]) {
    if (edits.now && 'modification_date' in holder) {
      holder.modification_date = bumpedDate(holder.modification_date, edits.now);
    }
  }
  return card;
}

/** `now` in the unit and type the card already uses: ms above 1e11 (RisuAI), else seconds. */
function bumpedDate(current: unknown, now: Date): unknown {
  const numeric = typeof current === 'string' ? Number(current) : current;
  if (typeof numeric !== 'number' || !Number.isFinite(numeric)) return current;
  const value = numeric > 1e11 ? now.getTime() : Math.floor(now.getTime() / 1000);
  return typeof current === 'string' ? String(value) : value;
}

/**
 * The V2 backfill of a V3 card for the PNG `chara` chunk, as SillyTavern writes it: the same object
 * relabelled, decorator lines stripped from lorebook entries (spec §4). Anything else stays.
 */
export function v2Backfill(raw: Record<string, unknown>): Record<string, unknown> {
  const data = isRecord(raw.data) ? { ...raw.data } : {};
  const book = data.character_book;
  if (isRecord(book) && Array.isArray(book.entries)) {
    data.character_book = {
      ...book,
      entries: book.entries.map((entry) =>
        isRecord(entry) && typeof entry.content === 'string'
          ? { ...entry, content: stripDecorators(entry.content) }
          : entry,
      ),
    };
  }
  return { ...raw, spec: 'chara_card_v2', spec_version: '2.0', data };
}

/** JSON text in the layout of `original` (its indent, if it had one), so an edit changes only lines edited. */
export function stringifyLike(original: string, value: unknown): string {
  const indent = /^\{\r?\n([ \t]+)"/.exec(original)?.[1];
  const text = JSON.stringify(value, null, indent);
  return original.includes('\r\n') && indent ? text.replace(/\n/g, '\r\n') : text;
}
