import { createHash } from 'node:crypto';

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
