import { isoNow } from '../clock.js';
import { purgeDeletedText } from '../db/index.js';
import { NotFound } from '../errors.js';
import type { Services } from '../services.js';
import { listApiKeys, publicApiKey } from './api-keys.js';
import { findUserById, publicUser } from './users.js';

/** "Export my data": the account itself plus what every registered layer holds about the user. */
export async function exportUserData(services: Services, userId: string): Promise<Record<string, unknown>> {
  const db = services.db.kysely;
  const user = await findUserById(db, userId);
  if (!user) throw new NotFound('user_not_found', 'No such user.');
  const sessions = await db
    .selectFrom('sessions')
    .select(['created_at', 'expires_at', 'last_seen_at'])
    .where('user_id', '=', userId)
    .execute();
  const data: Record<string, unknown> = {
    format: 'hearth-user-export',
    version: 1,
    exportedAt: isoNow(services.clock),
    account: publicUser(user),
    apiKeys: (await listApiKeys(db, userId)).map(publicApiKey),
    sessions,
  };
  for (const contributor of services.userData.contributors) {
    data[contributor.name] = await contributor.export(db, userId);
  }
  return data;
}

/**
 * "Delete my account", in one transaction: every layer erases its rows, sessions and keys go, and the
 * user row stays only as an anonymised tombstone that the money ledger's history may still point at.
 */
export async function eraseUser(services: Services, userId: string): Promise<void> {
  await services.db.kysely.transaction().execute(async (trx) => {
    for (const contributor of [...services.userData.contributors].reverse()) {
      await contributor.erase(trx, userId);
    }
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('api_keys').where('user_id', '=', userId).execute();
    await trx
      .updateTable('users')
      .set({
        email: `deleted-${userId}@deleted.invalid`,
        password_hash: '',
        display_name: 'Deleted user',
        birth_date: '',
        status: 'deleted',
        status_reason: null,
        nsfw_opt_in: 0,
        updated_at: isoNow(services.clock),
      })
      .where('id', '=', userId)
      .execute();
  });
  await purgeDeletedText(services.db);
}
