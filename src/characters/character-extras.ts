import { sql } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { CharacterReportRow, LorebookRow } from '../db/tables/characters.js';
import { newId } from '../ids.js';
import type { Executor } from './character-store.js';
import type { RelationshipState } from './relationship.js';
import { initialRelationship } from './relationship.js';

/** Favourites, reports, relationships, lorebooks and chat counters — each filtered by its user. */

export async function addFavourite(
  db: Executor,
  userId: string,
  characterId: string,
  clock: Clock,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('character_favourites')
      .values({ user_id: userId, character_id: characterId, created_at: isoNow(clock) })
      .onConflict((conflict) => conflict.columns(['user_id', 'character_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      await trx
        .updateTable('characters')
        .set((eb) => ({ favourites_count: eb('favourites_count', '+', 1) }))
        .where('id', '=', characterId)
        .execute();
    }
  });
}

export async function removeFavourite(db: Executor, userId: string, characterId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('character_favourites')
      .where('user_id', '=', userId)
      .where('character_id', '=', characterId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) > 0) {
      await trx
        .updateTable('characters')
        .set((eb) => ({ favourites_count: eb('favourites_count', '-', 1) }))
        .where('id', '=', characterId)
        .execute();
    }
  });
}

export async function isFavourite(db: Executor, userId: string, characterId: string): Promise<boolean> {
  const row = await db
    .selectFrom('character_favourites')
    .select('character_id')
    .where('user_id', '=', userId)
    .where('character_id', '=', characterId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function favouriteIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('character_favourites')
    .select('character_id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => row.character_id);
}

export async function createReport(
  db: Executor,
  input: { reporterId: string; characterId: string; reason: string; details: string },
  clock: Clock,
): Promise<CharacterReportRow> {
  return db
    .insertInto('character_reports')
    .values({
      id: newId(),
      reporter_id: input.reporterId,
      character_id: input.characterId,
      reason: input.reason,
      details: input.details,
      status: 'open',
      created_at: isoNow(clock),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Open reports, oldest first, for the moderation queue. */
export async function listOpenReports(db: Executor, limit = 100): Promise<CharacterReportRow[]> {
  return db
    .selectFrom('character_reports')
    .selectAll()
    .where('status', '=', 'open')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

export async function loadRelationship(
  db: Executor,
  userId: string,
  characterId: string,
): Promise<RelationshipState> {
  const row = await db
    .selectFrom('character_relationships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('character_id', '=', characterId)
    .executeTakeFirst();
  if (!row) return { ...initialRelationship };
  return {
    level: row.level,
    messages: row.messages,
    meaningfulExchanges: row.meaningful_exchanges,
    exchangesAtLevel: row.exchanges_at_level,
    lastSeenAt: row.last_seen_at,
  };
}

export async function saveRelationship(
  db: Executor,
  userId: string,
  characterId: string,
  state: RelationshipState,
  clock: Clock,
): Promise<void> {
  const values = {
    level: state.level,
    messages: state.messages,
    meaningful_exchanges: state.meaningfulExchanges,
    exchanges_at_level: state.exchangesAtLevel,
    last_seen_at: state.lastSeenAt,
    updated_at: isoNow(clock),
  };
  await db
    .insertInto('character_relationships')
    .values({ user_id: userId, character_id: characterId, ...values })
    .onConflict((conflict) => conflict.columns(['user_id', 'character_id']).doUpdateSet(values))
    .execute();
}

/** Lorebooks attached to the character, then to the chat (chat books may add to the character's). */
export async function lorebooksFor(
  db: Executor,
  characterId: string,
  chatId?: string,
): Promise<LorebookRow[]> {
  return db
    .selectFrom('lorebooks')
    .selectAll()
    .where((eb) =>
      chatId
        ? eb.or([eb('character_id', '=', characterId), eb('chat_id', '=', chatId)])
        : eb('character_id', '=', characterId),
    )
    .orderBy('id', 'asc')
    .execute();
}

export async function attachLorebook(
  db: Executor,
  input: { ownerId: string; characterId?: string; chatId?: string; name: string; data: unknown },
  clock: Clock,
): Promise<LorebookRow> {
  const now = isoNow(clock);
  return db
    .insertInto('lorebooks')
    .values({
      id: newId(),
      owner_id: input.ownerId,
      character_id: input.characterId ?? null,
      chat_id: input.chatId ?? null,
      name: input.name,
      data: JSON.stringify(input.data),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Counts a chat start and refreshes the character's catalog counters: `chats_7d` (popular) and a
 * trending score that weighs the last two days against the week.
 */
export async function recordChatStart(db: Executor, characterId: string, clock: Clock): Promise<void> {
  const now = clock.now();
  const day = now.toISOString().slice(0, 10);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('character_daily_chats')
      .values({ character_id: characterId, day, chats: 1 })
      .onConflict((conflict) =>
        conflict
          .columns(['character_id', 'day'])
          .doUpdateSet({ chats: sql`character_daily_chats.chats + 1` }),
      )
      .execute();
    await refreshCounters(trx, characterId, now);
  });
}

async function refreshCounters(db: Executor, characterId: string, now: Date): Promise<void> {
  const weekStart = new Date(now.getTime() - 6 * 86_400_000).toISOString().slice(0, 10);
  const recentStart = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('character_daily_chats')
    .select(['day', 'chats'])
    .where('character_id', '=', characterId)
    .where('day', '>=', weekStart)
    .execute();
  const week = rows.reduce((sum, row) => sum + row.chats, 0);
  const recent = rows.filter((row) => row.day >= recentStart).reduce((sum, row) => sum + row.chats, 0);
  await db
    .updateTable('characters')
    .set({ chats_7d: week, trending_score: recent * 3 + week })
    .where('id', '=', characterId)
    .execute();
}

/** Decays counters of characters nobody chatted with lately; run daily by `serve`. */
export async function refreshCatalogCounters(db: Executor, clock: Clock): Promise<void> {
  const rows = await db.selectFrom('characters').select('id').where('chats_7d', '>', 0).execute();
  for (const row of rows) await refreshCounters(db, row.id, clock.now());
}
