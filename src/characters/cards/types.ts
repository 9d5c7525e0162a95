import type { Lorebook } from '../lorebook/index.js';

/** A V3 asset descriptor as written in `data.assets` (unknown keys kept). */
export interface CardAssetDescriptor {
  type: string;
  uri: string;
  name: string;
  ext: string;
  [key: string]: unknown;
}

/** Card `data`, V3 shape (a superset of V2). Unknown keys are kept. */
export interface CardDataV3 {
  name: string;
  description: string;
  personality: string;
  scenario: string;
  first_mes: string;
  mes_example: string;
  creator_notes: string;
  system_prompt: string;
  post_history_instructions: string;
  alternate_greetings: string[];
  character_book?: Lorebook;
  tags: string[];
  creator: string;
  character_version: string;
  /** Hearth's own design doc travels under `extensions.hearth`. */
  extensions: Record<string, unknown>;
  group_only_greetings: string[];
  nickname?: string;
  creator_notes_multilingual?: Record<string, string>;
  source?: string[];
  /** Unix seconds, 0 = unknown. */
  creation_date?: number;
  modification_date?: number;
  assets?: CardAssetDescriptor[];
  [key: string]: unknown;
}

/** Every card, whatever version it came in as, normalised to this shape. Unknown root keys are kept. */
export interface CardV3 {
  spec: 'chara_card_v3';
  spec_version: string;
  data: CardDataV3;
  [key: string]: unknown;
}

/** An asset with its bytes when they could be resolved (embedded member, data URI, PNG asset chunk). */
export interface CardAsset {
  type: string;
  name: string;
  ext: string;
  uri: string;
  bytes?: Uint8Array;
  mime: string;
}

/** A CHARX member that is not a referenced asset (`module.risum`, `x_meta/*.json`, app data), kept opaque. */
export interface CardFile {
  path: string;
  bytes: Uint8Array;
}

export interface ImportedCard {
  spec: 'v1' | 'v2' | 'v3';
  source: 'png' | 'json' | 'charx';
  card: CardV3;
  /** The parsed JSON exactly as found. */
  original: unknown;
  assets: CardAsset[];
  /** PNG cards: the image without its card chunks. CHARX: the main icon asset. */
  avatar?: Uint8Array;
  /** CHARX members other than card.json and referenced assets. */
  files: CardFile[];
  /** Things the user should know: unresolved assets, newer spec version, fallbacks taken. */
  warnings: string[];
  /** What lossless export starts from (issue 22 item 4). */
  origin: CardSource;
}

/**
 * The card as the user gave it: the JSON text exactly as read and the files that came with it — every
 * CHARX member but card.json, in archive order, or the whole original PNG.
 */
export interface CardSource {
  format: CardFormat;
  text: string;
  files: CardSourceFile[];
}

export interface CardSourceFile {
  /** `archive`: a CHARX file as uploaded, so an unedited CHARX export is the very same bytes. */
  kind: 'member' | 'png' | 'archive';
  path: string;
  bytes: Uint8Array;
}

export type CardFormat = 'png' | 'json' | 'charx';

export interface ExportOptions {
  avatar?: Uint8Array;
  assets?: CardAsset[];
  files?: CardFile[];
  /** Unix seconds; when given, `modification_date` is bumped (and `creation_date` set if unknown). */
  now?: number;
}

export interface ExportedCard {
  bytes: Uint8Array;
  mime: string;
  extension: string;
}
