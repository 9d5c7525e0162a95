import { isRecord, toBoolean, toNumber, toStringList, toText } from './coerce.js';
import type { Lorebook, LorebookEntry } from './types.js';

/**
 * Brings a V2 `character_book` / V3 lorebook into the typed shape: required fields filled, numeric and
 * boolean fields coerced, every other key kept as found. Idempotent, so import → export → import is
 * stable. Never throws on odd input (spec §8: "fill defaults; never reject").
 */
export function normaliseLorebook(raw: unknown): Lorebook {
  const book: Record<string, unknown> = isRecord(raw) ? { ...raw } : {};
  const rawEntries = Array.isArray(book.entries)
    ? book.entries
    : isRecord(book.entries)
      ? Object.values(book.entries) // ST world-info files key entries by uid
      : [];
  book.entries = rawEntries.filter(isRecord).map(normaliseEntry);
  book.extensions = isRecord(book.extensions) ? book.extensions : {};
  setOptional(book, 'name', toText(book.name));
  setOptional(book, 'description', toText(book.description));
  setOptional(book, 'scan_depth', toNumber(book.scan_depth));
  setOptional(book, 'token_budget', toNumber(book.token_budget));
  setOptional(book, 'recursive_scanning', toBoolean(book.recursive_scanning));
  return book as Lorebook;
}

export function normaliseEntry(raw: Record<string, unknown>): LorebookEntry {
  const entry: Record<string, unknown> = { ...raw };
  entry.keys = toStringList(raw.keys ?? raw.key) ?? [];
  entry.content = toText(raw.content) ?? '';
  entry.extensions = isRecord(raw.extensions) ? raw.extensions : {};
  entry.enabled = toBoolean(raw.enabled) ?? (raw.disable === undefined ? true : !toBoolean(raw.disable));
  entry.insertion_order = toNumber(raw.insertion_order ?? raw.order) ?? 100;
  entry.use_regex = toBoolean(raw.use_regex) ?? false;
  setOptional(entry, 'case_sensitive', toBoolean(raw.case_sensitive));
  setOptional(entry, 'constant', toBoolean(raw.constant));
  setOptional(entry, 'selective', toBoolean(raw.selective));
  setOptional(entry, 'priority', toNumber(raw.priority));
  setOptional(entry, 'name', toText(raw.name));
  setOptional(entry, 'comment', toText(raw.comment));
  setOptional(entry, 'secondary_keys', toStringList(raw.secondary_keys));
  if (raw.id !== undefined && raw.id !== null && typeof raw.id !== 'number' && typeof raw.id !== 'string') {
    entry.id = String(raw.id);
  }
  return entry as LorebookEntry;
}

/**
 * Writes the coerced value when there is one. A present but uncoercible value (`null`, `"main"`) is
 * left as found rather than dropped: optional fields survive even when Hearth cannot use them.
 */
function setOptional(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
