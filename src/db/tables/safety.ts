import type { Selectable } from 'kysely';

/**
 * The safety layer's tables. Other layers' ids (characters, chats, messages) are plain indexed text
 * columns; only `users` is a foreign key.
 */
export interface ModerationItemsTable {
  id: string;
  /** `flag`: the cascade flagged it; `report`: a user reported it; `publish`: a publish check refused. */
  source: 'flag' | 'report' | 'publish';
  status: 'pending' | 'dismissed' | 'upheld' | 'escalated';
  direction: 'input' | 'output' | 'report' | 'publish';
  /** Whose content it is (the author of the message, the owner of the character). */
  subject_user_id: string | null;
  reporter_id: string | null;
  character_id: string | null;
  chat_id: string | null;
  message_id: string | null;
  /** The flagged text itself (a snapshot: the message may be edited or deleted later). */
  content: string;
  /** JSON array of the preceding messages `{role, content}` at the time of the flag. */
  context: string;
  /** JSON array of `{category, score, source, rules}`. */
  categories: string;
  /** What the pipeline did: allow | safe_reply | crisis | block. */
  action_taken: string;
  /** Stable policy code (e.g. `minor_safety`) or the reporter's reason. */
  reason: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_note: string | null;
}

export interface StrikesTable {
  id: string;
  user_id: string;
  item_id: string | null;
  reason: string;
  created_at: string;
  /** Strikes age out; null = never. */
  expires_at: string | null;
  /** Set when a moderator dismissed the item the strike came from. */
  revoked_at: string | null;
}

export interface SuspensionsTable {
  id: string;
  user_id: string;
  kind: 'suspension' | 'ban';
  reason: string;
  /** null for bans and open-ended suspensions. */
  ends_at: string | null;
  created_by: string | null;
  created_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
}

/** Append-only: database triggers refuse UPDATE and DELETE on both dialects. */
export interface AuditLogTable {
  id: string;
  /** The moderator/admin, or null for automatic decisions. */
  actor_id: string | null;
  action: string;
  subject_user_id: string | null;
  item_id: string | null;
  /** JSON object with the action's details (never message content). */
  details: string;
  created_at: string;
}

/** Creator-editable in-character safe replies, keyed by character and policy code (or `default`). */
export interface SafeReplyTemplatesTable {
  character_id: string;
  code: string;
  template: string;
  updated_by: string;
  updated_at: string;
}

export interface SafetyTables {
  moderation_items: ModerationItemsTable;
  strikes: StrikesTable;
  suspensions: SuspensionsTable;
  audit_log: AuditLogTable;
  safe_reply_templates: SafeReplyTemplatesTable;
}

export type ModerationItemRow = Selectable<ModerationItemsTable>;
export type StrikeRow = Selectable<StrikesTable>;
export type SuspensionRow = Selectable<SuspensionsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
