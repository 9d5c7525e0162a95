import type { UserDataContributor } from '../accounts/index.js';
import { isSqliteExecutor } from './character-store.js';

/**
 * "Export my data" / "delete my account" for the characters layer: the user's characters (with their
 * versions), favourites, reports they filed and relationships. Reports are kept for moderators with
 * the reporter removed; characters are deleted (avatar files are left for the media sweep).
 */
export const characterUserData: UserDataContributor = {
  name: 'characters',
  async export(db, userId) {
    const characters = await db.selectFrom('characters').selectAll().where('owner_id', '=', userId).execute();
    const ids = characters.map((row) => row.id);
    const versions = ids.length
      ? await db.selectFrom('character_versions').selectAll().where('character_id', 'in', ids).execute()
      : [];
    return {
      characters: characters.map((row) => ({
        id: row.id,
        slug: row.slug,
        status: row.status,
        visibility: row.visibility,
        rating: row.rating,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        doc: JSON.parse(row.doc),
        versions: versions
          .filter((version) => version.character_id === row.id)
          .map((version) => ({
            version: version.version,
            createdAt: version.created_at,
            doc: JSON.parse(version.doc),
          })),
      })),
      favourites: await db
        .selectFrom('character_favourites')
        .selectAll()
        .where('user_id', '=', userId)
        .execute(),
      reports: await db
        .selectFrom('character_reports')
        .select(['id', 'character_id', 'reason', 'details', 'status', 'created_at'])
        .where('reporter_id', '=', userId)
        .execute(),
      relationships: await db
        .selectFrom('character_relationships')
        .selectAll()
        .where('user_id', '=', userId)
        .execute(),
      lorebooks: await db.selectFrom('lorebooks').selectAll().where('owner_id', '=', userId).execute(),
    };
  },
  async erase(trx, userId) {
    const owned = await trx.selectFrom('characters').select('id').where('owner_id', '=', userId).execute();
    const ids = owned.map((row) => row.id);
    if (ids.length > 0 && isSqliteExecutor(trx)) {
      await trx.deleteFrom('characters_fts').where('character_id', 'in', ids).execute();
    }
    const favourites = await trx
      .selectFrom('character_favourites')
      .select('character_id')
      .where('user_id', '=', userId)
      .execute();
    if (favourites.length > 0) {
      await trx
        .updateTable('characters')
        .set((eb) => ({ favourites_count: eb('favourites_count', '-', 1) }))
        .where(
          'id',
          'in',
          favourites.map((row) => row.character_id),
        )
        .execute();
    }
    await trx.deleteFrom('character_favourites').where('user_id', '=', userId).execute();
    await trx.deleteFrom('character_relationships').where('user_id', '=', userId).execute();
    await trx.deleteFrom('lorebooks').where('owner_id', '=', userId).execute();
    await trx
      .updateTable('character_reports')
      // The report stays for moderators; the reporter's own words go with the account.
      .set({ reporter_id: null, details: '' })
      .where('reporter_id', '=', userId)
      .execute();
    await trx.deleteFrom('characters').where('owner_id', '=', userId).execute();
  },
};
