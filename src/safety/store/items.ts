import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../../clock.js';
import type { Database, ModerationItemRow } from '../../db/index.js';
import { newId } from '../../ids.js';
import type { CategoryHit } from '../taxonomy.js';

export interface NewModerationItem {
  source: ModerationItemRow['source'];
  direction: ModerationItemRow['direction'];
  subjectUserId: string | null;
  reporterId?: string | null;
  characterId?: string | null;
  chatId?: string | null;
  messageId?: string | null;
  content: string;
  context?: readonly { role: string; content: string }[];
  hits?: readonly CategoryHit[];
  actionTaken: string;
  reason: string;
}

/** Keep the snapshot small: the last few messages before the flagged one. */
const CONTEXT_MESSAGES = 6;

export async function insertModerationItem(
  db: Kysely<Database>,
  clock: Clock,
  item: NewModerationItem,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('moderation_items')
    .values({
      id,
      source: item.source,
      status: 'pending',
      direction: item.direction,
      subject_user_id: item.subjectUserId,
      reporter_id: item.reporterId ?? null,
      character_id: item.characterId ?? null,
      chat_id: item.chatId ?? null,
      message_id: item.messageId ?? null,
      content: item.content.slice(0, 8000),
      context: JSON.stringify((item.context ?? []).slice(-CONTEXT_MESSAGES)),
      categories: JSON.stringify(
        (item.hits ?? []).map((hit) => ({
          category: hit.category,
          score: Math.round(hit.score * 100) / 100,
          source: hit.source,
          rules: [...new Set(hit.evidence.map((evidence) => evidence.rule))],
        })),
      ),
      action_taken: item.actionTaken,
      reason: item.reason,
      created_at: isoNow(clock),
      decided_at: null,
      decided_by: null,
      decision_note: null,
    })
    .execute();
  return id;
}

export interface QueueItem {
  id: string;
  source: string;
  status: string;
  direction: string;
  subjectUserId: string | null;
  subjectDisplayName: string | null;
  subjectStatus: string | null;
  reporterId: string | null;
  characterId: string | null;
  chatId: string | null;
  messageId: string | null;
  content: string;
  context: { role: string; content: string }[];
  categories: { category: string; score: number; source: string; rules: string[] }[];
  actionTaken: string;
  reason: string;
  /** A person may be at risk (a crisis reply was sent): look at this first (issue 15 item 5). */
  urgent: boolean;
  createdAt: string;
  ageSeconds: number;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

/** Oldest first: the longest-waiting item is looked at first. `after` is the last id seen. */
export async function listQueue(
  db: Kysely<Database>,
  clock: Clock,
  options: { status?: ModerationItemRow['status']; after?: string; limit?: number; urgent?: boolean },
): Promise<QueueItem[]> {
  let query = db
    .selectFrom('moderation_items')
    .leftJoin('users', 'users.id', 'moderation_items.subject_user_id')
    .selectAll('moderation_items')
    .select(['users.display_name as subject_display_name', 'users.status as subject_status'])
    .where('moderation_items.status', '=', options.status ?? 'pending')
    .orderBy('moderation_items.id', 'asc')
    .limit(options.limit ?? 50);
  if (options.after) query = query.where('moderation_items.id', '>', options.after);
  if (options.urgent) query = query.where('moderation_items.action_taken', '=', 'crisis');
  const rows = await query.execute();
  const now = clock.now().getTime();
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    status: row.status,
    direction: row.direction,
    subjectUserId: row.subject_user_id,
    subjectDisplayName: row.subject_display_name ?? null,
    subjectStatus: row.subject_status ?? null,
    reporterId: row.reporter_id,
    characterId: row.character_id,
    chatId: row.chat_id,
    messageId: row.message_id,
    content: row.content,
    context: JSON.parse(row.context),
    categories: JSON.parse(row.categories),
    actionTaken: row.action_taken,
    reason: row.reason,
    urgent: row.action_taken === 'crisis',
    createdAt: row.created_at,
    ageSeconds: Math.max(0, Math.round((now - Date.parse(row.created_at)) / 1000)),
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decisionNote: row.decision_note,
  }));
}

export function findModerationItem(db: Kysely<Database>, id: string) {
  return db.selectFrom('moderation_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setItemDecision(
  db: Kysely<Database>,
  clock: Clock,
  id: string,
  decision: { status: ModerationItemRow['status']; by: string; note: string | null },
): Promise<void> {
  await db
    .updateTable('moderation_items')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: isoNow(clock),
      decision_note: decision.note,
    })
    .where('id', '=', id)
    .execute();
}
