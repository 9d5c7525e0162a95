import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { preparedQuery } from '../db/prepared.js';
import type { Partition } from './partition.js';
import { RECALLED_COLUMN_LIST, type RecalledItem } from './store.js';

const NEIGHBOUR_SOURCES = 5;

/**
 * Conversation moments often span adjacent exchanges (a question, then the answer a turn later), so
 * the turns next to the best few hits become candidates too, scored below the hit that found them.
 */
export async function addNeighbours(
  deps: { db: Db },
  partition: Partition,
  scores: Map<string, number>,
  byId: Map<string, RecalledItem>,
  share: number,
): Promise<void> {
  if (share <= 0) return;
  const top = [...scores.entries()]
    .filter(([id]) => byId.get(id)?.kind === 'turn')
    .sort((left, right) => right[1] - left[1])
    .slice(0, NEIGHBOUR_SOURCES);
  const sources = top.map(([id, score]) => ({ row: byId.get(id)!, score: score * share }));
  const neighbours = await adjacentTurns(
    deps,
    partition,
    sources.map((source) => source.row),
  );
  for (const { row, score } of sources) {
    for (const neighbour of [closest(neighbours, row, 'before'), closest(neighbours, row, 'after')]) {
      if (!neighbour) continue;
      byId.set(neighbour.id, neighbour);
      scores.set(neighbour.id, Math.max(scores.get(neighbour.id) ?? 0, score));
    }
  }
}

/**
 * The fetched turn right before (after) `row` in its chat. Exact: every fetched turn is some source's
 * immediate neighbour, so none can lie between `row` and its own neighbour.
 */
function closest(
  fetched: RecalledItem[],
  row: RecalledItem,
  side: 'before' | 'after',
): RecalledItem | undefined {
  let best: RecalledItem | undefined;
  for (const candidate of fetched) {
    if (candidate.chat_id !== row.chat_id) continue;
    if (
      side === 'before'
        ? candidate.id < row.id && (!best || candidate.id > best.id)
        : candidate.id > row.id && (!best || candidate.id < best.id)
    )
      best = candidate;
  }
  return best;
}

/** The turn just before and just after each given turn in its chat, fetched in one statement. */
async function adjacentTurns(
  deps: { db: Db },
  partition: Partition,
  rows: RecalledItem[],
): Promise<RecalledItem[]> {
  if (rows.length === 0) return [];
  // One compiled statement per shape (how many sources, which have a chat): building the ten arms
  // cost more than running them.
  const shape = rows.map((row) => (row.chat_id ? 'c' : 'n')).join('');
  let query = adjacentTurnQueries.get(shape);
  if (!query) {
    query = adjacentTurnsQuery(shape);
    adjacentTurnQueries.set(shape, query);
  }
  const values: Record<string, string> = { userId: partition.userId, characterId: partition.characterId };
  rows.forEach((row, index) => {
    values[`id${index}`] = row.id;
    if (row.chat_id) values[`chat${index}`] = row.chat_id;
  });
  return (await query(deps.db.kysely, values)).rows;
}

const adjacentTurnQueries = new Map<string, ReturnType<typeof adjacentTurnsQuery>>();

/** `shape` has one letter per source turn: `c` when it belongs to a chat, `n` when not. */
function adjacentTurnsQuery(shape: string) {
  return preparedQuery<Record<string, string>, RecalledItem>((db, slot) => {
    const side = (index: number, direction: 'before' | 'after') => sql`
      SELECT * FROM (SELECT ${RECALLED_COLUMN_LIST} FROM memory_items
        WHERE user_id = ${slot('userId')} AND character_id = ${slot('characterId')} AND kind = 'turn'
          AND ${shape[index] === 'c' ? sql`chat_id = ${slot(`chat${index}`)}` : sql`chat_id IS NULL`}
          AND ${
            direction === 'before'
              ? sql`id < ${slot(`id${index}`)} ORDER BY id DESC`
              : sql`id > ${slot(`id${index}`)} ORDER BY id ASC`
          }
        LIMIT 1) AS side`;
    const arms = [...shape].flatMap((_, index) => [side(index, 'before'), side(index, 'after')]);
    const query = sql<RecalledItem>`${sql.join(arms, sql` UNION ALL `)}`;
    return { compile: () => query.compile(db) };
  });
}
