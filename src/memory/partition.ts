import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';

/** One user × character partition of memory: every read and write names both. */
export interface Partition {
  userId: string;
  characterId: string;
}

/** Consonants and digits only: as a word prefix it leaves the Porter stemmer's measure unchanged. */
const SCOPE_ALPHABET = 'bcdfghjklmnpqrstvwxz0123456789';

const recentKeys = new Map<string, string>();

/**
 * Short code of a partition (stored as `memory_items.partition_key`). On SQLite every indexed word
 * is prefixed with it (migration 0007), so a full-text term's doclist — and BM25's document
 * frequencies — cover one partition instead of the whole table. A rare hash collision only merges
 * two partitions' doclists: queries still filter on user and character.
 * Migration 0007 holds a copy (migrations import nothing from src); a test keeps both equal.
 */
export function partitionKey(partition: Partition): string {
  const id = `${partition.userId}\u0000${partition.characterId}`;
  const known = recentKeys.get(id);
  if (known) return known;
  const key = hashedKey(id);
  // Every recall and stored memory asks; a small memo keeps hashing off the turn's path.
  if (recentKeys.size >= 10_000) recentKeys.delete(recentKeys.keys().next().value!);
  recentKeys.set(id, key);
  return key;
}

function hashedKey(id: string): string {
  const digest = createHash('sha256').update(id).digest();
  let key = '';
  for (let index = 0; index < 8; index += 1) key += SCOPE_ALPHABET[digest[index] % SCOPE_ALPHABET.length];
  return key;
}

/** How many items were ever inserted into a partition, and how many updates and deletes it saw. */
export interface PartitionRevision {
  inserts: number;
  changes: number;
}

const revisionRow = preparedQuery<
  Partition,
  { insert_count: number | string; change_count: number | string }
>((db, slot) =>
  db
    .selectFrom('memory_partitions')
    .select(['insert_count', 'change_count'])
    .where('user_id', '=', slot('userId'))
    .where('character_id', '=', slot('characterId')),
);

/**
 * The partition's write counters, kept by triggers on every node (migration 0009): one primary-key
 * read tells an in-process cache of the partition whether it is current, or only behind by inserts.
 */
export async function partitionRevision(
  db: Kysely<Database>,
  partition: Partition,
): Promise<PartitionRevision> {
  const [row] = (await revisionRow(db, partition)).rows;
  return { inserts: Number(row?.insert_count ?? 0), changes: Number(row?.change_count ?? 0) };
}
