/** One user × character partition of memory: every read and write names both. */
export interface Partition {
  userId: string;
  characterId: string;
}

/**
 * The single FTS5 token that names a partition. Ids are UUIDs; dropping everything but letters and
 * digits keeps it one token for the unicode61 tokenizer.
 */
export function partitionKey(partition: Partition): string {
  const clean = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `p${clean(partition.userId)}x${clean(partition.characterId)}`;
}
