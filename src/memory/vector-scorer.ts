import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import type { Partition } from './partition.js';
import { bytesToVector, dot, normalize } from './vectors.js';

export interface ScoredId {
  id: string;
  score: number;
}

/**
 * Dense nearest neighbours within one partition. The default scores every vector in process
 * (brute force is fast at companion scale); an ANN index or pgvector can implement the same interface.
 */
export interface VectorScorer {
  nearest(partition: Partition, model: string, query: Float32Array, limit: number): Promise<ScoredId[]>;
  /** Drops cached vectors of a partition after writes. */
  invalidate(partition: Partition): void;
}

interface PartitionMatrix {
  stamp: string;
  /** Rows in the partition (all models) and its newest id when the matrix was built. */
  count: number;
  lastId: string;
  ids: string[];
  /** Unit vectors, concatenated. */
  matrix: Float32Array;
  dimensions: number;
}

// Every recall checks the stamp, and most append the turn stored since (db/prepared.ts).
const partitionStamp = preparedQuery<Partition, { count: number; last: string | null }>((db, slot) =>
  db
    .selectFrom('memory_items')
    .select([sql<number>`count(*)`.as('count'), sql<string | null>`max(id)`.as('last')])
    .where('user_id', '=', slot('userId'))
    .where('character_id', '=', slot('characterId')),
);
const rowsAfter = preparedQuery<
  Partition & { lastId: string },
  { id: string; embedding: Uint8Array | null; embedding_model: string | null }
>((db, slot) =>
  db
    .selectFrom('memory_items')
    .select(['id', 'embedding', 'embedding_model'])
    .where('user_id', '=', slot('userId'))
    .where('character_id', '=', slot('characterId'))
    .where('id', '>', slot('lastId'))
    .orderBy('id'),
);

/**
 * Brute-force cosine over a per-partition cache of unit vectors. Each call checks a cheap stamp
 * (count + last update) so writes from another process or connection are never served stale.
 */
export function createBruteForceScorer(db: Db, maxCachedPartitions = 64): VectorScorer {
  const cache = new Map<string, PartitionMatrix>();
  const keyOf = (partition: Partition, model: string) =>
    `${partition.userId}\u0000${partition.characterId}\u0000${model}`;

  // Cheap staleness check answered from the (user, character, kind, id) index alone: inserts and
  // deletes change it; edits that re-embed go through `invalidate`.
  async function stampOf(partition: Partition): Promise<{ stamp: string; count: number; lastId: string }> {
    const [row] = (await partitionStamp(db.kysely, partition)).rows;
    const count = Number(row?.count ?? 0);
    const lastId = row?.last ?? '';
    return { stamp: `${count}/${lastId}`, count, lastId };
  }

  async function vectorRows(partition: Partition, model: string) {
    const query = db.kysely
      .selectFrom('memory_items')
      .select(['id', 'embedding'])
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .where('embedding_model', '=', model);
    return (await query.orderBy('id').execute()).filter((row) => row.embedding);
  }

  function build(
    current: { stamp: string; count: number; lastId: string },
    rows: { id: string; embedding: Uint8Array | null }[],
    base?: PartitionMatrix,
  ): PartitionMatrix {
    const vectors = rows.map((row) => normalize(bytesToVector(row.embedding!)));
    const dimensions = base?.dimensions || vectors[0]?.length || 0;
    const offset = base ? base.matrix.length : 0;
    const matrix = new Float32Array(offset + vectors.length * dimensions);
    if (base) matrix.set(base.matrix);
    vectors.forEach((vector, index) => {
      matrix.set(vector.subarray(0, dimensions), offset + index * dimensions);
    });
    const ids = [...(base?.ids ?? []), ...rows.map((row) => row.id)];
    return { ...current, ids, matrix, dimensions };
  }

  /**
   * Items are append-mostly (ids are time-ordered): when only new rows arrived since the cached
   * matrix, append them instead of reloading the partition on every turn.
   */
  async function refresh(
    partition: Partition,
    model: string,
    current: { stamp: string; count: number; lastId: string },
    cached?: PartitionMatrix,
  ) {
    if (cached && current.count > cached.count && current.lastId > cached.lastId) {
      // Every row newer than the cache, any model: if they account for the whole growth, nothing
      // older changed (no delete hid among the inserts) and the new vectors can be appended.
      const { rows: newer } = await rowsAfter(db.kysely, { ...partition, lastId: cached.lastId });
      if (cached.count + newer.length === current.count) {
        const usable = newer.filter((row) => row.embedding_model === model && row.embedding);
        return build(current, usable, cached);
      }
    }
    return build(current, await vectorRows(partition, model));
  }

  return {
    async nearest(partition, model, query, limit) {
      const key = keyOf(partition, model);
      const current = await stampOf(partition);
      let entry = cache.get(key);
      if (!entry || entry.stamp !== current.stamp) {
        entry = await refresh(partition, model, current, entry);
        cache.delete(key);
        if (cache.size >= maxCachedPartitions) cache.delete(cache.keys().next().value!);
        cache.set(key, entry);
      }
      const unit = normalize(query);
      const { ids, matrix, dimensions } = entry;
      // Keep only the best `limit` (sorted, ascending threshold) instead of sorting every row.
      const best: ScoredId[] = [];
      for (let row = 0; row < ids.length; row += 1) {
        const score = dot(unit, matrix.subarray(row * dimensions, (row + 1) * dimensions));
        if (best.length === limit && score <= best[best.length - 1].score) continue;
        let position = best.length;
        while (position > 0 && best[position - 1].score < score) position -= 1;
        best.splice(position, 0, { id: ids[row], score });
        if (best.length > limit) best.pop();
      }
      return best;
    },
    invalidate(partition) {
      for (const key of cache.keys()) {
        if (key.startsWith(`${partition.userId}\u0000${partition.characterId}\u0000`)) cache.delete(key);
      }
    },
  };
}
