import type { Db } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import { type Partition, type PartitionRevision, partitionRevision } from './partition.js';
import { bytesToVector, dotRow, normalize } from './vectors.js';

export interface ScoredId {
  id: string;
  score: number;
}

/**
 * Dense nearest neighbours within one partition. The default scores every vector in process
 * (brute force is fast at companion scale); an ANN index or pgvector can implement the same interface.
 */
export interface VectorScorer {
  /** `revision`: the partition's write counters when the caller has just read them (else read here). */
  nearest(
    partition: Partition,
    model: string,
    query: Float32Array,
    limit: number,
    revision?: PartitionRevision,
  ): Promise<ScoredId[]>;
  /** Drops cached vectors of a partition after writes. */
  invalidate(partition: Partition): void;
}

interface PartitionMatrix {
  /** The partition's write counters, and its newest item id (any model), when the matrix was built. */
  revision: PartitionRevision;
  lastId: string;
  ids: string[];
  /** Unit vectors, concatenated. */
  matrix: Float32Array;
  dimensions: number;
}

type VectorRow = { id: string; embedding: Uint8Array | null; embedding_model: string | null };

// Most recalls append the turn stored since the last one (db/prepared.ts).
const rowsAfter = preparedQuery<Partition & { lastId: string }, VectorRow>((db, slot) =>
  db
    .selectFrom('memory_items')
    .select(['id', 'embedding', 'embedding_model'])
    .where('user_id', '=', slot('userId'))
    .where('character_id', '=', slot('characterId'))
    .where('id', '>', slot('lastId'))
    .orderBy('id'),
);

/**
 * Brute-force cosine over a per-partition cache of unit vectors. Each call reads the partition's
 * write counters (one primary-key row kept by triggers), so writes from another process or node are
 * never served stale.
 */
export function createBruteForceScorer(db: Db, maxCachedPartitions = 64): VectorScorer {
  const cache = new Map<string, PartitionMatrix>();
  const keyOf = (partition: Partition, model: string) =>
    `${partition.userId}\u0000${partition.characterId}\u0000${model}`;

  // Every model's rows: the newest id of any of them is where the next append starts.
  async function allRows(partition: Partition): Promise<VectorRow[]> {
    return db.kysely
      .selectFrom('memory_items')
      .select(['id', 'embedding', 'embedding_model'])
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .orderBy('id')
      .execute();
  }

  function build(
    revision: PartitionRevision,
    model: string,
    read: VectorRow[],
    base?: PartitionMatrix,
  ): PartitionMatrix {
    const rows = read.filter((row) => row.embedding_model === model && row.embedding);
    const vectors = rows.map((row) => normalize(bytesToVector(row.embedding!)));
    const dimensions = base?.dimensions || vectors[0]?.length || 0;
    const offset = base ? base.matrix.length : 0;
    const matrix = new Float32Array(offset + vectors.length * dimensions);
    if (base) matrix.set(base.matrix);
    vectors.forEach((vector, index) => {
      matrix.set(vector.subarray(0, dimensions), offset + index * dimensions);
    });
    const ids = [...(base?.ids ?? []), ...rows.map((row) => row.id)];
    const lastId = read.at(-1)?.id ?? base?.lastId ?? '';
    return { revision, lastId, ids, matrix, dimensions };
  }

  /**
   * Items are append-mostly (ids are time-ordered): when the partition only saw inserts since the
   * cached matrix, append the new rows instead of reloading the partition on every turn.
   */
  async function refresh(
    partition: Partition,
    model: string,
    current: PartitionRevision,
    cached?: PartitionMatrix,
  ): Promise<PartitionMatrix> {
    if (cached && current.changes === cached.revision.changes && current.inserts > cached.revision.inserts) {
      // Every row newer than the cache, any model. If they are exactly the counted inserts, none was
      // inserted with an older id (another node's clock) and the new vectors can be appended.
      const { rows: newer } = await rowsAfter(db.kysely, { ...partition, lastId: cached.lastId });
      if (newer.length === current.inserts - cached.revision.inserts)
        return build(current, model, newer, cached);
    }
    return build(current, model, await allRows(partition));
  }

  return {
    async nearest(partition, model, query, limit, revision) {
      const key = keyOf(partition, model);
      const current = revision ?? (await partitionRevision(db.kysely, partition));
      let entry = cache.get(key);
      if (!entry || !sameRevision(entry.revision, current)) {
        entry = await refresh(partition, model, current, entry);
        cache.delete(key);
        if (cache.size >= maxCachedPartitions) cache.delete(cache.keys().next().value!);
        cache.set(key, entry);
      }
      const { ids, matrix, dimensions } = entry;
      // Rows are `dimensions` long; a query of another length is cut or zero-padded to match.
      const unit = fitTo(normalize(query), dimensions);
      // Keep only the best `limit` (sorted, ascending threshold) instead of sorting every row.
      const best: ScoredId[] = [];
      for (let row = 0; row < ids.length; row += 1) {
        const score = dotRow(unit, matrix, row);
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

function sameRevision(left: PartitionRevision, right: PartitionRevision): boolean {
  return left.inserts === right.inserts && left.changes === right.changes;
}

function fitTo(vector: Float32Array, dimensions: number): Float32Array {
  if (vector.length === dimensions) return vector;
  const fitted = new Float32Array(dimensions);
  fitted.set(vector.subarray(0, dimensions));
  return fitted;
}
