import type { UserDataContributor } from '../accounts/index.js';

/**
 * What the safety layer holds about a user, for "export my data" and "delete my account".
 * Strikes, suspensions and flagged items stay after deletion (the account row is anonymised, not
 * removed): they are safety records a moderator may still need. The user's own reports lose the
 * link to them, and the audit log is append-only by design.
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
      .set({ reporter_id: null })
      .where('reporter_id', '=', userId)
      .execute();
  },
};
