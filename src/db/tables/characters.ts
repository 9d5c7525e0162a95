import type { Insertable, Selectable, Updateable } from 'kysely';

/** A character: the current design doc plus the columns the catalog filters and sorts on. */
export interface CharactersTable {
  id: string;
  owner_id: string;
  slug: string;
  name: string;
  tagline: string;
  description: string;
  /** JSON array of lowercase tags (also in `character_tags` for filtering). */
  tags: string;
  rating: 'sfw' | 'nsfw';
  visibility: 'private' | 'unlisted' | 'public';
  status: 'draft' | 'published' | 'locked';
  /** Status before a moderator lock, restored on unlock. */
  status_before_lock: 'draft' | 'published' | null;
  /** Shipped with Hearth (starter characters). */
  official: number;
  /** The design doc as JSON; its `runtime` rules are never sent to non-owners. */
  doc: string;
  /** Number of the latest row in `character_versions`. */
  version: number;
  forked_from: string | null;
  allow_fork: number;
  avatar_path: string | null;
  avatar_thumb_path: string | null;
  /** The imported card as received (JSON text), so export can be lossless. */
  card_json: string | null;
  chats_7d: number;
  trending_score: number;
  favourites_count: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

/** Every saved edit; a chat pins the version it started with and keeps working after edits. */
export interface CharacterVersionsTable {
  id: string;
  character_id: string;
  version: number;
  doc: string;
  author_id: string | null;
  created_at: string;
}

export interface CharacterTagsTable {
  character_id: string;
  tag: string;
}

export interface CharacterFavouritesTable {
  user_id: string;
  character_id: string;
  created_at: string;
}

/** Chat starts per day, the source of the popular and trending sorts. */
export interface CharacterDailyChatsTable {
  character_id: string;
  day: string;
  chats: number;
}

export interface LorebooksTable {
  id: string;
  owner_id: string;
  /** Attached to a character, or (chat layer id, not a foreign key) to one chat. */
  character_id: string | null;
  chat_id: string | null;
  name: string;
  /** The normalised lorebook as JSON (cards helper's `Lorebook` shape). */
  data: string;
  created_at: string;
  updated_at: string;
}

export interface CharacterReportsTable {
  id: string;
  /** Null once the reporter deleted their account (the report stays for moderators). */
  reporter_id: string | null;
  character_id: string;
  reason: string;
  details: string;
  status: 'open' | 'resolved' | 'dismissed';
  created_at: string;
}

export interface CharacterRelationshipsTable {
  user_id: string;
  character_id: string;
  level: 'stranger' | 'acquaintance' | 'friend' | 'close';
  messages: number;
  meaningful_exchanges: number;
  exchanges_at_level: number;
  last_seen_at: string | null;
  updated_at: string;
}

/** SQLite only: the FTS5 index, kept in sync in the same transaction as `characters`. */
export interface CharactersFtsTable {
  character_id: string;
  name: string;
  tagline: string;
  tags: string;
  description: string;
}

/** The card a character was imported from, kept as the export base (issue 22 item 4). */
export interface CharacterCardSourcesTable {
  character_id: string;
  format: 'json' | 'png' | 'charx';
  /** The card JSON text exactly as read (a PNG's `ccv3`, else `chara`; CHARX `card.json`), BOM removed. */
  card_text: string;
  /** The design doc derived at import: export writes only the fields whose mapping changed since. */
  imported_doc: string;
  /** The avatar file set at import; a different current avatar means the user replaced the image. */
  avatar_path: string | null;
  /** Card text plus files, counted against the owner's storage quota. */
  stored_bytes: number;
  created_at: string;
}

/** Files that came with an imported card: CHARX members (`member`) or the original PNG (`png`). */
export interface CharacterCardFilesTable {
  character_id: string;
  position: number;
  kind: 'member' | 'png' | 'archive';
  path: string;
  bytes: Uint8Array;
}

/** One row per card import, for the per-user import quota. */
export interface CardImportsTable {
  id: string;
  user_id: string;
  created_at: string;
}

export interface CharacterTables {
  character_card_sources: CharacterCardSourcesTable;
  character_card_files: CharacterCardFilesTable;
  card_imports: CardImportsTable;
  characters: CharactersTable;
  character_versions: CharacterVersionsTable;
  character_tags: CharacterTagsTable;
  character_favourites: CharacterFavouritesTable;
  character_daily_chats: CharacterDailyChatsTable;
  lorebooks: LorebooksTable;
  character_reports: CharacterReportsTable;
  character_relationships: CharacterRelationshipsTable;
  characters_fts: CharactersFtsTable;
}

export type CharacterRow = Selectable<CharactersTable>;
export type NewCharacter = Insertable<CharactersTable>;
export type CharacterUpdate = Updateable<CharactersTable>;
export type CharacterVersionRow = Selectable<CharacterVersionsTable>;
export type LorebookRow = Selectable<LorebooksTable>;
export type CharacterReportRow = Selectable<CharacterReportsTable>;
export type CharacterRelationshipRow = Selectable<CharacterRelationshipsTable>;
