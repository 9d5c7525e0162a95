import { stripDecorators } from '../lorebook/index.js';
import { V1_FIELDS } from './normalise-card.js';
import type { CardV3 } from './types.js';

/** The V3 JSON written to files: spec first, V1 mirrors at the root (ST/Agnai read them), then the rest. */
export function cardToV3Json(card: CardV3): Record<string, unknown> {
  const { spec: _spec, spec_version, data, ...rest } = card;
  return { spec: 'chara_card_v3', spec_version, ...rest, ...v1Mirrors(card), data };
}

/**
 * The V2 backfill for the `chara` chunk: the same card relabelled, as SillyTavern writes it, with
 * decorator lines stripped from lorebook entries (spec §4: drop all decorators when backfilling V2).
 * V3-only keys stay in `data`; V2 readers keep or ignore unknown keys.
 */
export function cardToV2Json(card: CardV3): Record<string, unknown> {
  const { spec: _spec, spec_version: _version, data, ...rest } = card;
  const book = data.character_book;
  const v2Data = book
    ? {
        ...data,
        character_book: {
          ...book,
          entries: book.entries.map((entry) => ({ ...entry, content: stripDecorators(entry.content) })),
        },
      }
    : data;
  return { spec: 'chara_card_v2', spec_version: '2.0', ...rest, ...v1Mirrors(card), data: v2Data };
}

function v1Mirrors(card: CardV3): Record<string, string> {
  return Object.fromEntries(V1_FIELDS.map((field) => [field, card.data[field]]));
}

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
