import type { Kysely } from 'kysely';
import { type Clock, isoNow } from '../../clock.js';
import type { Database } from '../../db/index.js';
import { newId } from '../../ids.js';

/** Every safety decision, moderator action and admin action; rows are never updated or deleted. */
export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectUserId?: string | null;
  itemId?: string | null;
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Kysely<Database>, clock: Clock, entry: AuditEntry): Promise<string> {
  const id = newId();
  await db
    .insertInto('audit_log')
    .values({
      id,
      actor_id: entry.actorId,
      action: entry.action,
      subject_user_id: entry.subjectUserId ?? null,
      item_id: entry.itemId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      created_at: isoNow(clock),
    })
    .execute();
  return id;
}

export async function listAudit(
  db: Kysely<Database>,
  options: { subjectUserId?: string; limit?: number } = {},
) {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100);
  if (options.subjectUserId) query = query.where('subject_user_id', '=', options.subjectUserId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    subjectUserId: row.subject_user_id,
    itemId: row.item_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
  }));
}
