import { isRecord, toNumber, toStringList, toText } from '../lorebook/coerce.js';
import { normaliseLorebook } from '../lorebook/index.js';
import { invalidCard } from './limits.js';
import type { CardAssetDescriptor, CardDataV3, CardV3 } from './types.js';

export const V1_FIELDS = [
  'name',
  'description',
  'personality',
  'scenario',
  'first_mes',
  'mes_example',
] as const;
const TEXT_FIELDS = [...V1_FIELDS, 'creator_notes', 'system_prompt', 'post_history_instructions', 'creator'];
/** Keys of `data`; at the root they are mirrors (ST/Agnai repeat V1 fields, Wyvern repeats all). */
export const DATA_FIELDS = new Set([
  ...TEXT_FIELDS,
  'alternate_greetings',
  'character_book',
  'tags',
  'character_version',
  'extensions',
  'group_only_greetings',
  'nickname',
  'creator_notes_multilingual',
  'source',
  'creation_date',
  'modification_date',
  'assets',
]);
/** Pygmalion/ooba JSON field names → V1 names. */
const PYGMALION: Record<string, string> = {
  char_name: 'name',
  char_persona: 'description',
  char_greeting: 'first_mes',
  world_scenario: 'scenario',
  example_dialogue: 'mes_example',
  // Agnai's native character export
  greeting: 'first_mes',
  sampleChat: 'mes_example',
};

export interface NormalisedCard {
  spec: 'v1' | 'v2' | 'v3';
  card: CardV3;
  warnings: string[];
}

/**
 * Any card JSON (V1 flat, Pygmalion, V2, V3, with root mirrors) → the V3 shape. `data` wins over root
 * mirrors; a mirror only fills a field `data` lacks, and mirrors are dropped from the root (export writes
 * the V1 ones back). Every other key, at every level, is kept. Idempotent.
 */
export function normaliseCard(raw: unknown): NormalisedCard {
  if (!isRecord(raw)) throw invalidCard('The card must be a JSON object.');
  const warnings: string[] = [];
  const spec = raw.spec;
  if (spec === 'lorebook_v3' || spec === 'chara_book_v2' || spec === 'chara_book_v3') {
    throw invalidCard(`This file is a lorebook (${spec}), not a character card.`);
  }
  let version: NormalisedCard['spec'];
  if (spec === 'chara_card_v2') version = 'v2';
  else if (spec === 'chara_card_v3') version = 'v3';
  else if (spec === undefined || spec === null) version = 'v1';
  else
    throw invalidCard(
      `Unknown card spec "${String(spec).slice(0, 40)}" (expected chara_card_v2 or chara_card_v3).`,
    );

  const root: Record<string, unknown> = { ...raw };
  delete root.spec;
  delete root.spec_version;
  let data: Record<string, unknown>;
  if (version === 'v1') {
    for (const [legacy, name] of Object.entries(PYGMALION)) {
      if (root[name] === undefined && root[legacy] !== undefined) root[name] = root[legacy];
    }
    if (root.description === undefined && typeof root.persona === 'object') {
      root.description = agnaiPersonaText(root.persona); // Agnai's native export
    }
    if (!V1_FIELDS.some((field) => typeof root[field] === 'string')) {
      throw invalidCard(
        'The JSON has no "spec" and none of the V1 card fields: it does not look like a character card.',
      );
    }
    data = {};
  } else {
    if (!isRecord(raw.data)) throw invalidCard(`A ${spec} card needs a "data" object.`);
    data = { ...raw.data };
    delete root.data;
  }
  for (const key of Object.keys(root)) {
    if (!DATA_FIELDS.has(key)) continue;
    if (data[key] === undefined) data[key] = root[key];
    delete root[key];
  }
  if (data.creator_notes === undefined && typeof root.creatorcomment === 'string') {
    data.creator_notes = root.creatorcomment;
  }
  const extensions = isRecord(data.extensions) ? { ...data.extensions } : {};
  // ST moves these legacy root fields into extensions on conversion; keep the root copies too.
  for (const key of ['talkativeness', 'fav'] as const) {
    if (extensions[key] === undefined && root[key] !== undefined) extensions[key] = root[key];
  }
  data.extensions = extensions;

  let specVersion = '3.0';
  if (version === 'v3') {
    const declared = toNumber(raw.spec_version);
    if (declared !== undefined && declared > 3) {
      specVersion = String(raw.spec_version);
      warnings.push(
        `The card declares spec version ${specVersion}, newer than 3.0; unknown parts were kept as-is.`,
      );
    }
  }
  return {
    spec: version,
    card: { ...root, spec: 'chara_card_v3', spec_version: specVersion, data: normaliseData(data, warnings) },
    warnings,
  };
}

function normaliseData(data: Record<string, unknown>, warnings: string[]): CardDataV3 {
  for (const key of TEXT_FIELDS) data[key] = toText(data[key]) ?? '';
  const version = toText(data.character_version);
  data.character_version = version === undefined || version === 'undefined' ? '' : version;
  data.alternate_greetings = greetingList(data.alternate_greetings);
  data.group_only_greetings = greetingList(data.group_only_greetings);
  data.tags = toStringList(data.tags) ?? [];
  if (isRecord(data.character_book)) data.character_book = normaliseLorebook(data.character_book);
  else delete data.character_book;
  if (data.nickname !== undefined) data.nickname = toText(data.nickname) ?? '';
  if (data.source !== undefined) data.source = toStringList(data.source) ?? [];
  for (const key of ['creation_date', 'modification_date'] as const) {
    if (data[key] === undefined) continue;
    // Kept in the unit the card uses (issue 22: RisuAI-origin cards write creation_date in ms next to a
    // modification_date in seconds, and their exports must say the same); readers treat > 1e11 as ms.
    data[key] = Math.max(0, toNumber(data[key]) ?? 0);
  }
  if (data.assets !== undefined) {
    const list = Array.isArray(data.assets) ? data.assets : [];
    const assets = list.filter(isRecord).map(normaliseAsset);
    if (assets.length !== list.length)
      warnings.push('Some entries of data.assets were not objects and were dropped.');
    data.assets = assets;
  }
  return data as CardDataV3;
}

function normaliseAsset(raw: Record<string, unknown>): CardAssetDescriptor {
  const ext = (toText(raw.ext) ?? '').toLowerCase().replace(/\s+/g, '').replace(/^\.+/, '');
  return {
    ...raw,
    type: toText(raw.type) ?? 'x_unknown',
    uri: toText(raw.uri) ?? '',
    name: toText(raw.name) ?? '',
    ext: ext === '' ? 'unknown' : ext,
  };
}

function greetingList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.map((item) => toText(item)).filter((item): item is string => item !== undefined);
}

/** Agnai personas: `{kind: "text", attributes: {text: [..]}}` or W++-style `{attributes: {key: [values]}}`. */
function agnaiPersonaText(persona: unknown): string | undefined {
  if (!isRecord(persona) || !isRecord(persona.attributes)) return undefined;
  const attributes = persona.attributes;
  if (persona.kind === 'text' && Array.isArray(attributes.text)) return attributes.text.join('\n');
  return Object.entries(attributes)
    .map(([key, values]) => `${key}: ${Array.isArray(values) ? values.join(', ') : String(values)}`)
    .join('\n');
}
