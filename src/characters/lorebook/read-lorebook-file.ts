import { Unprocessable } from '../../errors.js';
import { isRecord } from './coerce.js';
import { normaliseLorebook } from './normalise-lorebook.js';
import type { Lorebook } from './types.js';

/** SillyTavern world-info entry fields → their `extensions` names in a card book (as ST converts them). */
const ST_EXTENSION_FIELDS: Record<string, string> = {
  position: 'position',
  depth: 'depth',
  role: 'role',
  selectiveLogic: 'selectiveLogic',
  probability: 'probability',
  useProbability: 'useProbability',
  scanDepth: 'scan_depth',
  caseSensitive: 'case_sensitive',
  matchWholeWords: 'match_whole_words',
  excludeRecursion: 'exclude_recursion',
  preventRecursion: 'prevent_recursion',
  delay: 'delay',
  sticky: 'sticky',
  cooldown: 'cooldown',
  group: 'group',
  groupOverride: 'group_override',
  groupWeight: 'group_weight',
  displayIndex: 'display_index',
  automationId: 'automation_id',
  vectorized: 'vectorized',
};

/**
 * A standalone lorebook file → the card book model: `{spec:"lorebook_v3", data}` (spec), RisuAI's
 * `chara_book_v2`/`chara_book_v3` wrappers, a bare book, or a SillyTavern world-info file (entries keyed
 * by uid with `key`/`keysecondary`/`order`/`disable`…, converted the way ST embeds books in cards, the
 * original fields kept). Anything else → 422 `invalid_lorebook`.
 */
export function lorebookFromJson(json: unknown): Lorebook {
  if (!isRecord(json)) throw invalid('The lorebook must be a JSON object.');
  const spec = json.spec;
  if (spec === 'lorebook_v3' || spec === 'chara_book_v2' || spec === 'chara_book_v3') {
    if (!isRecord(json.data)) throw invalid(`A ${spec} file needs a "data" object.`);
    return normaliseLorebook(json.data);
  }
  if (spec !== undefined) throw invalid(`Unknown lorebook spec "${String(spec).slice(0, 40)}".`);
  if (Array.isArray(json.entries)) return normaliseLorebook(json);
  if (isRecord(json.entries)) {
    const entries = Object.values(json.entries).filter(isRecord).map(fromWorldInfoEntry);
    return normaliseLorebook({ ...json, entries });
  }
  throw invalid('The JSON has no lorebook entries.');
}

function fromWorldInfoEntry(raw: Record<string, unknown>): Record<string, unknown> {
  const extensions: Record<string, unknown> = isRecord(raw.extensions) ? { ...raw.extensions } : {};
  for (const [field, name] of Object.entries(ST_EXTENSION_FIELDS)) {
    if (raw[field] !== undefined && extensions[name] === undefined) extensions[name] = raw[field];
  }
  return {
    ...raw,
    id: raw.id ?? raw.uid,
    keys: raw.keys ?? raw.key ?? [],
    secondary_keys: raw.secondary_keys ?? raw.keysecondary ?? [],
    insertion_order: raw.insertion_order ?? raw.order ?? 100,
    enabled: raw.enabled ?? raw.disable !== true,
    case_sensitive:
      raw.case_sensitive ?? (typeof raw.caseSensitive === 'boolean' ? raw.caseSensitive : undefined),
    position:
      typeof raw.position === 'string' ? raw.position : raw.position === 1 ? 'after_char' : 'before_char',
    extensions,
  };
}

function invalid(message: string): Unprocessable {
  return new Unprocessable('invalid_lorebook', message);
}
