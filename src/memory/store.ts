import { type Kysely, type Transaction, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { preparedInsert } from '../db/prepared.js';
import type { MemoryItemRow, NewMemoryItem } from '../db/tables/memory.js';
import { isoNow } from '../clock.js';
import { newId } from '../ids.js';
import type { EmbeddingModel } from '../providers/spec.js';
import { type Partition, partitionKey } from './partition.js';
import { estimateTokens } from './text.js';
import { vectorToBytes } from './vectors.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type MemoryKind = MemoryItemRow['kind'];

export interface NewItemInput {
  kind: MemoryKind;
  text: string;
  chatId?: string | null;
  subject?: string | null;
  importance?: number;
  validAt?: string | null;
  sourceMessageIds?: string[];
  rangeStart?: string | null;
  rangeEnd?: string | null;
}

/** Builds rows (with embeddings) outside any transaction, so slow embedders never hold a write lock. */
export async function prepareItems(
  partition: Partition,
  inputs: NewItemInput[],
  deps: { clock: Clock; embedder: EmbeddingModel },
  signal?: AbortSignal,
): Promise<NewMemoryItem[]> {
  if (inputs.length === 0) return [];
  const vectors = await deps.embedder.embed(
    inputs.map((input) => input.text),
    signal,
  );
  const now = isoNow(deps.clock);
  return inputs.map((input, index) => ({
    id: newId(),
    user_id: partition.userId,
    character_id: partition.characterId,
    chat_id: input.chatId ?? null,
    kind: input.kind,
    text: input.text,
    subject: input.subject ?? null,
    importance: clampImportance(input.importance ?? 5),
    valid_at: input.validAt ?? now,
    invalid_at: null,
    superseded_by: null,
    source_message_ids: JSON.stringify(input.sourceMessageIds ?? []),
    range_start: input.rangeStart ?? null,
    range_end: input.rangeEnd ?? null,
    partition_key: partitionKey(partition),
    embedding: vectorToBytes(vectors[index]),
    embedding_model: deps.embedder.id,
    tokens: estimateTokens(input.text),
    created_at: now,
    updated_at: now,
  }));
}

export function clampImportance(value: number): number {
  return Math.min(10, Math.max(1, Math.round(Number.isFinite(value) ? value : 5)));
}

// Every turn stores itself as one item (db/prepared.ts).
const insertItem = preparedInsert('memory_items');

export async function insertItems(executor: Executor, rows: NewMemoryItem[]): Promise<void> {
  if (rows.length === 1) {
    await insertItem(executor, rows[0]);
    return;
  }
  for (let start = 0; start < rows.length; start += 200) {
    await executor
      .insertInto('memory_items')
      .values(rows.slice(start, start + 200))
      .execute();
  }
}

export async function findItem(
  executor: Executor,
  userId: string,
  itemId: string,
): Promise<MemoryItemRow | undefined> {
  return executor
    .selectFrom('memory_items')
    .selectAll()
    .where('id', '=', itemId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * A memory item as recall ranks and prints it. Only these columns are read: turning a row into a JS
 * object costs per column, and the vector bytes are scored elsewhere.
 */
export const RECALLED_COLUMNS = [
  'id',
  'user_id',
  'character_id',
  'chat_id',
  'kind',
  'text',
  'importance',
  'valid_at',
  'invalid_at',
  'source_message_ids',
] as const satisfies readonly (keyof MemoryItemRow)[];

export type RecalledItem = Pick<MemoryItemRow, (typeof RECALLED_COLUMNS)[number]>;

/** The same columns for SQL templates. */
export const RECALLED_COLUMN_LIST = sql.join(RECALLED_COLUMNS.map((column) => sql.ref(column)));

/**
 * Items of one partition by id. Looked up by primary key and checked against the partition here:
 * filtering by partition in SQL lets the planner scan the whole partition index instead.
 */
export async function itemsByIds(
  executor: Executor,
  partition: Partition,
  ids: string[],
): Promise<RecalledItem[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<RecalledItem>`
    SELECT ${RECALLED_COLUMN_LIST} FROM memory_items WHERE id IN (${sql.join(ids)})`.execute(executor);
  return rows.filter((row) => row.user_id === partition.userId && row.character_id === partition.characterId);
}

/** Whole rows of one partition in the order of `ids` (the memory panel's search results). */
export async function fullItemsByIds(
  executor: Executor,
  partition: Partition,
  ids: string[],
): Promise<MemoryItemRow[]> {
  if (ids.length === 0) return [];
  const rows = await executor
    .selectFrom('memory_items')
    .selectAll()
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface ListOptions {
  kind?: MemoryKind;
  limit?: number;
}

export async function listItems(
  executor: Executor,
  partition: Partition,
  options: ListOptions = {},
): Promise<MemoryItemRow[]> {
  let query = executor
    .selectFrom('memory_items')
    .selectAll()
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .orderBy('id', 'desc')
    .limit(options.limit ?? 500);
  if (options.kind) query = query.where('kind', '=', options.kind);
  return query.execute();
}

/** Deletes one item; the FTS row goes with it (trigger / generated column), the vector is in the row. */
export async function deleteItem(executor: Executor, userId: string, itemId: string): Promise<boolean> {
  const result = await executor
    .deleteFrom('memory_items')
    .where('id', '=', itemId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  // Facts that pointed at the deleted one keep their history but lose the dangling link.
  await executor
    .updateTable('memory_items')
    .set({ superseded_by: null })
    .where('user_id', '=', userId)
    .where('superseded_by', '=', itemId)
    .execute();
  return Number(result.numDeletedRows) > 0;
}

export async function forgetPartition(executor: Executor, partition: Partition): Promise<number> {
  const result = await executor
    .deleteFrom('memory_items')
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .executeTakeFirst();
  await executor
    .deleteFrom('memory_profile')
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .execute();
  await executor
    .deleteFrom('memory_jobs')
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .execute();
  return Number(result.numDeletedRows);
}
