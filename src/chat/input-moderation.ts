import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/index.js';
import type { Database } from '../db/index.js';
import { Unprocessable } from '../errors.js';
import type { HistoryRow } from './message-store.js';
import { getOwnMessage } from './message-store.js';
import type { TurnPlan } from './plan-turn.js';
import type { ChatCharacters } from './ports.js';
import type { ModerationStage, TurnHistoryMessage } from './stages.js';

/**
 * Input moderation for every user text that can reach a model (issue 13 item 3): new messages, edits,
 * and the last user message of a regenerate or continue when its current text was never checked. A
 * message records the hash of the text that passed (`moderated_hash`), so an edit by any code path —
 * or an import — shows as unchecked without anyone remembering to reset a flag.
 */
export function moderationHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface InputToModerate {
  text: string;
  /** The stored message the text is in; null for the new text of a send. */
  messageId: string | null;
  history: TurnHistoryMessage[];
}

function toContext(rows: readonly HistoryRow[]): TurnHistoryMessage[] {
  return rows
    .filter((row) => row.status !== 'blocked')
    .map((row) => ({ role: row.role, content: row.content }));
}

/** What stage 3 must check this turn, or null when every user text of the prompt was already checked. */
export function inputToModerate(plan: TurnPlan): InputToModerate | null {
  if (plan.newUserText !== null) {
    return { text: plan.newUserText, messageId: null, history: plan.history.slice(0, -1) };
  }
  const index = plan.recent.findLastIndex((row) => row.role === 'user' && row.status !== 'blocked');
  if (index < 0) return null;
  const row = plan.recent[index];
  if (row.moderated_hash === moderationHash(row.content)) return null;
  return { text: row.content, messageId: row.id, history: toContext(plan.recent.slice(0, index)) };
}

/** Records that a stored message's current text passed (or was stopped by) input moderation. */
export async function markModerated(
  db: Kysely<Database>,
  messageId: string,
  text: string,
  status?: 'blocked',
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ moderated_hash: moderationHash(text), ...(status && { status }) })
    .where('id', '=', messageId)
    .execute();
}

/**
 * An edit is checked before it is saved: refused text is never stored (422 `content_blocked`, with the
 * policy code and the prepared reply in `details`), and flags, strikes and review items are recorded
 * as for a sent message. Both roles count — an edited character reply goes back into the prompt too.
 */
export async function moderateEdit(
  deps: { db: Kysely<Database>; characters: ChatCharacters; moderation: ModerationStage },
  actor: Actor,
  messageId: string,
  content: string,
): Promise<void> {
  const message = await getOwnMessage(deps.db, actor.userId, messageId);
  const character = await deps.characters.forChat(actor, message.character_id);
  const before = await deps.db
    .selectFrom('messages')
    .select(['id', 'role', 'content', 'status', 'moderated_hash'])
    .where('chat_id', '=', message.chat_id)
    .where('id', '<', messageId)
    .orderBy('id', 'desc')
    .limit(6)
    .execute();
  const verdict = await deps.moderation.checkInput({
    actor,
    character,
    chatId: message.chat_id,
    text: content,
    history: toContext(before.reverse()),
  });
  if (verdict.action !== 'allow') {
    throw new Unprocessable('content_blocked', 'This edit was not saved: the text is not allowed here.', {
      code: verdict.code,
      reply: verdict.reply,
    });
  }
}
