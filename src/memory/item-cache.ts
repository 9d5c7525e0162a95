import type { Db } from '../db/index.js';
import { type Partition, partitionKey } from './partition.js';
import { type RecalledItem, itemsByIds } from './store.js';

interface PartitionRows {
  /** The partition's change counter the rows are valid for. */
  changes: number;
  rows: Map<string, RecalledItem>;
}

/**
 * Recalled items by id, per partition, kept in process: recall looks up the same few dozen candidates
 * turn after turn, and turning them into objects was a third of its database time. A partition's rows
 * are valid while its change counter (updates and deletes, kept by triggers on every node: migration
 * 0009) is the one they were read at; inserts leave existing rows as they were.
 * Rows handed out are shared: callers must not mutate them.
 */
export class RecalledItemCache {
  readonly #partitions = new Map<string, PartitionRows>();

  constructor(
    readonly maxPartitions = 64,
    readonly maxRowsPerPartition = 2_000,
  ) {}

  /** The partition's items with these ids, in the order asked (unknown ids are left out). */
  async byIds(db: Db, partition: Partition, ids: string[], changes: number): Promise<RecalledItem[]> {
    const key = `${partitionKey(partition)}\u0000${partition.userId}\u0000${partition.characterId}`;
    let entry = this.#partitions.get(key);
    if (!entry || entry.changes !== changes) entry = { changes, rows: new Map() };
    // Map order is insertion order: re-inserting keeps the most recently used partition last.
    this.#partitions.delete(key);
    if (this.#partitions.size >= this.maxPartitions)
      this.#partitions.delete(this.#partitions.keys().next().value!);
    this.#partitions.set(key, entry);

    const missing = ids.filter((id) => !entry.rows.has(id));
    if (missing.length > 0) {
      for (const row of await itemsByIds(db.kysely, partition, missing)) entry.rows.set(row.id, row);
      while (entry.rows.size > this.maxRowsPerPartition) entry.rows.delete(entry.rows.keys().next().value!);
    }
    return ids.flatMap((id) => entry.rows.get(id) ?? []);
  }
}
