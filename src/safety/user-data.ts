import type { UserDataContributor } from '../accounts/index.js';

/** What a moderation item holds once its author's account is deleted: the record, not the words. */
export const ERASED_CONTENT = '[erased: account deleted]';

/**
 * What the safety layer holds about a user, for "export my data" and "delete my account".
 * Strikes, suspensions and flagged items stay after deletion (the account row is anonymised, not
 * removed): they are safety records a moderator may still need — categories, action, decision. The
 * words do not stay (issue 13 item 1): flagged texts, their chat context and the user's reports (which
 * quote the user's own chats) are erased, and the reports lose the link to the reporter. The audit
 * log is append-only by design and never holds message text.
 */
export const safetyUserData: UserDataContributor = {
  name: 'safety',
  async export(db, userId) {
    const [strikes, suspensions, reports] = await Promise.all([
      db
        .selectFrom('strikes')
        .select(['reason', 'created_at', 'expires_at', 'revoked_at'])
        .where('user_id', '=', userId)
        .execute(),
      db
        .selectFrom('suspensions')
        .select(['kind', 'reason', 'ends_at', 'created_at', 'lifted_at'])
        .where('user_id', '=', userId)
        .execute(),
      db
        .selectFrom('moderation_items')
        .select(['reason', 'character_id', 'message_id', 'status', 'created_at'])
        .where('reporter_id', '=', userId)
        .execute(),
    ]);
    return { strikes, suspensions, reports };
  },
  async erase(trx, userId) {
    await trx
      .updateTable('moderation_items')
      .set({ content: ERASED_CONTENT, context: '[]' })
      .where((eb) => eb.or([eb('subject_user_id', '=', userId), eb('reporter_id', '=', userId)]))
      .where('source', '!=', 'publish')
      .execute();
    await trx
      .updateTable('moderation_items')
      .set({ reporter_id: null })
      .where('reporter_id', '=', userId)
      .execute();
  },
};
