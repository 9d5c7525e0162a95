import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import type { MemoryProfileRow } from '../db/tables/memory.js';
import type { Partition } from './partition.js';
import type { ProfileEntry } from './memory-block.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Structured profile fields (issue 6 §3). Single-valued ones are replaced, list ones accumulate. */
export const PROFILE_FIELDS = [
  'name',
  'pronouns',
  'birthday',
  'location',
  'work',
  'people',
  'likes',
  'dislikes',
  'important_dates',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
const LIST_FIELDS = new Set<ProfileField>(['people', 'likes', 'dislikes', 'important_dates']);
const MAX_LIST = 30;

export function isListField(field: ProfileField): boolean {
  return LIST_FIELDS.has(field);
}

// Every recall reads it (db/prepared.ts).
const profileRows = preparedQuery<Partition, MemoryProfileRow>((db, slot) =>
  db
    .selectFrom('memory_profile')
    .selectAll()
    .where('user_id', '=', slot('userId'))
    .where('character_id', '=', slot('characterId')),
);

export async function readProfile(executor: Executor, partition: Partition): Promise<ProfileEntry[]> {
  const { rows } = await profileRows(executor, partition);
  const order = new Map(PROFILE_FIELDS.map((field, index) => [field as string, index]));
  return rows
    .sort((left, right) => (order.get(left.field) ?? 99) - (order.get(right.field) ?? 99))
    .map((row) => ({ field: row.field, value: JSON.parse(row.value) as string | string[] }));
}

/** From a fact: replaces a single value or adds to a list; never overwrites what the user edited. */
export async function applyProfileFact(
  executor: Executor,
  partition: Partition,
  field: ProfileField,
  value: string,
  factId: string,
  now: string,
): Promise<void> {
  const existing = await executor
    .selectFrom('memory_profile')
    .selectAll()
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .where('field', '=', field)
    .executeTakeFirst();
  if (existing?.user_edited) return;
  let next: string | string[] = value.trim();
  if (isListField(field)) {
    const list = existing ? (JSON.parse(existing.value) as string[]) : [];
    if (list.some((entry) => entry.toLowerCase() === value.trim().toLowerCase())) return;
    next = [...list, value.trim()].slice(-MAX_LIST);
  }
  await writeProfile(executor, partition, field, next, { sourceFactId: factId, userEdited: false, now });
}

export async function writeProfile(
  executor: Executor,
  partition: Partition,
  field: ProfileField,
  value: string | string[],
  meta: { sourceFactId: string | null; userEdited: boolean; now: string },
): Promise<void> {
  const row = {
    user_id: partition.userId,
    character_id: partition.characterId,
    field,
    value: JSON.stringify(value),
    source_fact_id: meta.sourceFactId,
    user_edited: meta.userEdited ? 1 : 0,
    updated_at: meta.now,
  };
  await executor
    .insertInto('memory_profile')
    .values(row)
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'character_id', 'field']).doUpdateSet({
        value: row.value,
        source_fact_id: row.source_fact_id,
        user_edited: row.user_edited,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteProfileField(
  executor: Executor,
  partition: Partition,
  field: string,
): Promise<void> {
  await executor
    .deleteFrom('memory_profile')
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .where('field', '=', field)
    .execute();
}
