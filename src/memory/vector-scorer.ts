import { sql } from 'kysely';
import type { Db } from '../db/index.js';
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
  ids: string[];
  /** Unit vectors, concatenated. */
  matrix: Float32Array;
  dimensions: number;
}

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
  async function stampOf(partition: Partition): Promise<string> {
    const row = await db.kysely
      .selectFrom('memory_items')
      .select([sql<number>`count(*)`.as('count'), sql<string | null>`max(id)`.as('last')])
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .executeTakeFirst();
    return `${row?.count ?? 0}/${row?.last ?? ''}`;
  }

  async function load(partition: Partition, model: string, stamp: string): Promise<PartitionMatrix> {
    const rows = await db.kysely
      .selectFrom('memory_items')
      .select(['id', 'embedding'])
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .where('embedding_model', '=', model)
      .execute();
    const vectors = rows
      .filter((row) => row.embedding)
      .map((row) => normalize(bytesToVector(row.embedding!)));
    const dimensions = vectors[0]?.length ?? 0;
    const matrix = new Float32Array(vectors.length * dimensions);
    vectors.forEach((vector, index) => {
      matrix.set(vector.subarray(0, dimensions), index * dimensions);
    });
    return { stamp, ids: rows.filter((row) => row.embedding).map((row) => row.id), matrix, dimensions };
  }

  return {
    async nearest(partition, model, query, limit) {
      const key = keyOf(partition, model);
      const stamp = await stampOf(partition);
      let entry = cache.get(key);
      if (!entry || entry.stamp !== stamp) {
        entry = await load(partition, model, stamp);
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
