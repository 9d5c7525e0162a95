import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { Partition } from './partition.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Which stored messages a change touched: some messages by id, or a whole chat (chat deletion).
 * Memory derived from them follows them (issue 21): it is removed here, and the chat layer hands the
 * exchanges as they now read to `afterTurn`, which derives them again.
 */
export type MessageScope = { messageIds: string[] } | { chatId: string };

// IN lists stay well below SQLite's and PostgreSQL's parameter limits.
const CHUNK = 500;

function chunks<T>(values: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += CHUNK) out.push(values.slice(start, start + CHUNK));
  return out;
}

/**
 * Ids of the partition's items derived from the scope's messages. `source_message_ids` is a JSON
 * array of message ids (uuidv7: hex and dashes, no LIKE wildcards), so a quoted id is an exact match.
 * The partition index bounds the scan; this runs on edits and deletes, never on a turn's path.
 */
async function derivedItemIds(executor: Executor, partition: Partition, scope: MessageScope) {
  const base = executor
    .selectFrom('memory_items')
    .select('id')
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId);
  if ('chatId' in scope) return (await base.where('chat_id', '=', scope.chatId).execute()).map((r) => r.id);
  const ids = new Set<string>();
  for (const part of chunks(scope.messageIds)) {
    const rows = await base
      .where((eb) => eb.or(part.map((id) => eb('source_message_ids', 'like', `%"${id}"%`))))
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  return [...ids];
}

/**
 * Removes every item derived from the scope's messages, in the caller's transaction: turns, facts
 * and summaries. Facts those facts had superseded become current again (the replaced turn no longer
 * says otherwise), and profile fields taken from them are cleared unless the user set them.
 * Returns the removed ids.
 */
export async function removeDerivedItems(
  trx: Transaction<Database>,
  partition: Partition,
  scope: MessageScope,
): Promise<string[]> {
  const removed = await derivedItemIds(trx, partition, scope);
  for (const part of chunks(removed)) {
    await trx
      .updateTable('memory_items')
      .set({ invalid_at: null, superseded_by: null })
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .where('superseded_by', 'in', part)
      .execute();
    await trx
      .deleteFrom('memory_profile')
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .where('source_fact_id', 'in', part)
      .where('user_edited', '=', 0)
      .execute();
    await trx
      .deleteFrom('memory_items')
      .where('user_id', '=', partition.userId)
      .where('id', 'in', part)
      .execute();
  }
  return removed;
}

/**
 * Drops the partition's extraction jobs for the scope's messages, pending or running: their payload
 * holds the old text. A running job notices at its next write (`isJobCurrent`) and writes nothing.
 * Payloads are JSON with the message and chat ids as plain strings, hence the quoted LIKE.
 */
async function cancelJobs(trx: Transaction<Database>, partition: Partition, scope: MessageScope) {
  const needles =
    'chatId' in scope ? [`"chatId":"${scope.chatId}"`] : scope.messageIds.map((id) => `"${id}"`);
  for (const part of chunks(needles)) {
    await trx
      .deleteFrom('memory_jobs')
      .where('user_id', '=', partition.userId)
      .where('character_id', '=', partition.characterId)
      .where((eb) => eb.or(part.map((needle) => eb('payload', 'like', `%${needle}%`))))
      .execute();
  }
}

/**
 * Forgets what memory derived from the scope's messages, now, in one transaction: queued work first
 * (on PostgreSQL deleting a job waits for a running job's row lock, so its items are committed and
 * then removed here), then the items.
 */
export async function forgetDerived(db: Db, partition: Partition, scope: MessageScope): Promise<number> {
  if ('messageIds' in scope && scope.messageIds.length === 0) return 0;
  return db.kysely.transaction().execute(async (trx) => {
    await cancelJobs(trx, partition, scope);
    return (await removeDerivedItems(trx, partition, scope)).length;
  });
}

/**
 * True while a job is still wanted: `forgetDerived` deletes the jobs of changed messages. Checked
 * inside the transaction that writes the job's items; on PostgreSQL the row lock it takes makes a
 * concurrent `forgetDerived` wait until those items are committed (and then removes them).
 */
export async function isJobCurrent(trx: Transaction<Database>, db: Db, jobId: string): Promise<boolean> {
  let query = trx.selectFrom('memory_jobs').select('id').where('id', '=', jobId);
  if (db.dialect === 'postgres') query = query.forUpdate();
  return (await query.executeTakeFirst()) !== undefined;
}
