import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import type { Database, Db } from '../db/index.js';
import type { MemoryItemRow } from '../db/tables/memory.js';
import { NotFound } from '../errors.js';
import type { EmbeddingModel } from '../providers/spec.js';
import type { Partition } from './partition.js';
import { type ProfileField, deleteProfileField, readProfile, writeProfile } from './profile.js';
import { rankMemories } from './recall.js';
import { deleteItem, fullItemsByIds, findItem, forgetPartition, listItems } from './store.js';
import { estimateTokens } from './text.js';
import type { VectorScorer } from './vector-scorer.js';
import { vectorToBytes } from './vectors.js';

/** What the memory panel and its routes do; every call is scoped to the acting user. */
export interface PanelDeps {
  db: Db;
  clock: Clock;
  embedder: EmbeddingModel;
  scorer: VectorScorer;
}

export interface PublicMemoryItem {
  id: string;
  kind: MemoryItemRow['kind'];
  text: string;
  subject: string | null;
  importance: number;
  validAt: string | null;
  invalidAt: string | null;
  supersededBy: string | null;
  sourceMessageIds: string[];
  rangeStart: string | null;
  rangeEnd: string | null;
  chatId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function publicItem(row: MemoryItemRow): PublicMemoryItem {
  return {
    id: row.id,
    kind: row.kind,
    text: row.text,
    subject: row.subject,
    importance: row.importance,
    validAt: row.valid_at,
    invalidAt: row.invalid_at,
    supersededBy: row.superseded_by,
    sourceMessageIds: JSON.parse(row.source_message_ids) as string[],
    rangeStart: row.range_start,
    rangeEnd: row.range_end,
    chatId: row.chat_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MemoryOverview {
  facts: { current: PublicMemoryItem[]; past: PublicMemoryItem[] };
  summaries: PublicMemoryItem[];
  moments: PublicMemoryItem[];
  profile: { field: string; value: string | string[] }[];
}

/** Everything a character remembers about the caller, or the items matching `q`. */
export async function memoryOverview(
  deps: PanelDeps,
  partition: Partition,
  q?: string,
): Promise<MemoryOverview> {
  const rows = q
    ? await fullItemsByIds(
        deps.db.kysely,
        partition,
        (await rankMemories(deps, partition, q, { limit: 50 })).map((entry) => entry.item.id),
      )
    : await listItems(deps.db.kysely, partition, { limit: 1000 });
  const facts = rows.filter((row) => row.kind === 'fact');
  return {
    facts: {
      current: facts.filter((row) => !row.invalid_at).map(publicItem),
      past: facts.filter((row) => row.invalid_at).map(publicItem),
    },
    summaries: rows.filter((row) => row.kind === 'summary').map(publicItem),
    moments: rows
      .filter((row) => row.kind === 'turn')
      .slice(0, 200)
      .map(publicItem),
    profile: await readProfile(deps.db.kysely, partition),
  };
}

async function ownedItem(deps: PanelDeps, userId: string, itemId: string): Promise<MemoryItemRow> {
  const row = await findItem(deps.db.kysely, userId, itemId);
  // Someone else's memory is indistinguishable from a missing one.
  if (!row) throw new NotFound('memory_not_found', 'No such memory.');
  return row;
}

export interface MemoryEdit {
  text?: string;
  importance?: number;
  validAt?: string | null;
}

/** Edits a memory; a new text is re-embedded, and FTS follows through the trigger / generated column. */
export async function editMemory(
  deps: PanelDeps,
  userId: string,
  itemId: string,
  edit: MemoryEdit,
): Promise<PublicMemoryItem> {
  const row = await ownedItem(deps, userId, itemId);
  const update: Partial<MemoryItemRow> = { updated_at: isoNow(deps.clock) };
  if (edit.text !== undefined && edit.text !== row.text) {
    const [vector] = await deps.embedder.embed([edit.text]);
    Object.assign(update, {
      text: edit.text,
      tokens: estimateTokens(edit.text),
      embedding: vectorToBytes(vector),
      embedding_model: deps.embedder.id,
    });
  }
  if (edit.importance !== undefined) update.importance = edit.importance;
  if (edit.validAt !== undefined) update.valid_at = edit.validAt;
  await deps.db.kysely
    .updateTable('memory_items')
    .set(update)
    .where('id', '=', itemId)
    .where('user_id', '=', userId)
    .execute();
  deps.scorer.invalidate({ userId, characterId: row.character_id });
  return publicItem((await findItem(deps.db.kysely, userId, itemId))!);
}

export async function removeMemory(deps: PanelDeps, userId: string, itemId: string): Promise<void> {
  const row = await ownedItem(deps, userId, itemId);
  await deps.db.kysely.transaction().execute((trx) => deleteItem(trx, userId, itemId));
  deps.scorer.invalidate({ userId, characterId: row.character_id });
}

export async function forgetEverything(deps: PanelDeps, partition: Partition): Promise<number> {
  const removed = await deps.db.kysely.transaction().execute((trx) => forgetPartition(trx, partition));
  deps.scorer.invalidate(partition);
  return removed;
}

/** Sets (or, with null, clears) profile fields; user edits are never overwritten by extraction. */
export async function editProfile(
  deps: PanelDeps,
  partition: Partition,
  fields: Partial<Record<ProfileField, string | string[] | null>>,
): Promise<{ field: string; value: string | string[] }[]> {
  const now = isoNow(deps.clock);
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const [field, value] of Object.entries(fields) as [ProfileField, string | string[] | null][]) {
      if (value === null) await deleteProfileField(trx, partition, field);
      else await writeProfile(trx, partition, field, value, { sourceFactId: null, userEdited: true, now });
    }
  });
  return readProfile(deps.db.kysely, partition);
}

export async function exportPartition(
  deps: PanelDeps,
  partition: Partition,
): Promise<Record<string, unknown>> {
  const rows = await deps.db.kysely
    .selectFrom('memory_items')
    .selectAll()
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .orderBy('id')
    .execute();
  return {
    format: 'hearth-memory-export',
    version: 1,
    characterId: partition.characterId,
    exportedAt: isoNow(deps.clock),
    items: rows.map(publicItem),
    profile: await readProfile(deps.db.kysely, partition),
  };
}

/** Export/delete of everything the memory layer holds about a user (all characters). */
export const memoryUserData = {
  name: 'memory',
  async export(db: Kysely<Database>, userId: string) {
    const rows = await db
      .selectFrom('memory_items')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
    const profile = await db.selectFrom('memory_profile').selectAll().where('user_id', '=', userId).execute();
    return {
      items: rows.map((row) => ({ characterId: row.character_id, ...publicItem(row) })),
      profile: profile.map((row) => ({
        characterId: row.character_id,
        field: row.field,
        value: JSON.parse(row.value),
      })),
    };
  },
  async erase(trx: Transaction<Database>, userId: string) {
    await trx.deleteFrom('memory_jobs').where('user_id', '=', userId).execute();
    await trx.deleteFrom('memory_profile').where('user_id', '=', userId).execute();
    await trx.deleteFrom('memory_items').where('user_id', '=', userId).execute();
  },
};
