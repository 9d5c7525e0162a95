import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * Tables of the memory layer (issue 6). Every row belongs to one user × character partition; every
 * query filters by both. `character_id` and `chat_id` are plain text (other layers' ids, no foreign key).
 */
export interface MemoryItemsTable {
  id: string;
  user_id: string;
  character_id: string;
  /** Chat the item came from; null for items the user wrote in the memory panel. */
  chat_id: string | null;
  /** `fact` (extracted, atomic), `turn` (a user message and its reply), `summary` (rolling). */
  kind: 'fact' | 'turn' | 'summary';
  text: string;
  /** Stable key of what a fact is about (e.g. `location`), used to find contradictions; null if none. */
  subject: string | null;
  /** 1–10. */
  importance: number;
  /** When the fact became true (or the turn was said); ISO text. */
  valid_at: string | null;
  /** When the fact stopped being true; null while current. */
  invalid_at: string | null;
  /** The fact that replaced this one. */
  superseded_by: string | null;
  /** JSON array of the chat message ids the item came from. */
  source_message_ids: string;
  /** Summaries: first and last message id covered. */
  range_start: string | null;
  range_end: string | null;
  /** Single-token partition key indexed by FTS5 so a match never scans other partitions. */
  partition_key: string;
  /** Float32Array bytes (little endian) from `embedding_model`; null until embedded. */
  embedding: Uint8Array | null;
  embedding_model: string | null;
  tokens: number;
  created_at: string;
  updated_at: string;
}

/** Structured profile fields per user × character; `value` is a JSON document (string or list). */
export interface MemoryProfileTable {
  user_id: string;
  character_id: string;
  field: string;
  value: string;
  /** The fact the value was taken from; null when the user edited it. */
  source_fact_id: string | null;
  /** 1 when the user set it in the panel: extraction never overwrites it. */
  user_edited: number;
  updated_at: string;
}

/** Persisted background work, so a crash between a turn and its extraction loses nothing. */
export interface MemoryJobsTable {
  id: string;
  user_id: string;
  character_id: string;
  kind: 'extract' | 'summarize';
  /** JSON input of the job (turn texts, ids, timestamps). */
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** Write counters of a user × character partition, kept by triggers (migration 0009). */
export interface MemoryPartitionsTable {
  user_id: string;
  character_id: string;
  /** bigint: a string from PostgreSQL, a number from SQLite. */
  insert_count: ColumnType<number | string, number | undefined, number>;
  change_count: ColumnType<number | string, number | undefined, number>;
}

export interface MemoryTables {
  memory_items: MemoryItemsTable;
  memory_partitions: MemoryPartitionsTable;
  memory_profile: MemoryProfileTable;
  memory_jobs: MemoryJobsTable;
}

export type MemoryItemRow = Selectable<MemoryItemsTable>;
export type NewMemoryItem = Insertable<MemoryItemsTable>;
export type MemoryProfileRow = Selectable<MemoryProfileTable>;
export type MemoryJobRow = Selectable<MemoryJobsTable>;
