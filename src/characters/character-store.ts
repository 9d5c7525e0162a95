import { randomBytes } from 'node:crypto';
import { type Kysely, SqliteAdapter } from 'kysely';
import type { Actor } from '../accounts/index.js';
import { type Clock, isoNow } from '../clock.js';
import type { Database } from '../db/index.js';
import type { CharacterRow, CharacterVersionRow } from '../db/tables/characters.js';
import { newId } from '../ids.js';
import type { CharacterStatus, DesignDoc, Visibility } from './design-doc.js';
import { designDocBaseSchema } from './design-doc.js';

/** Data functions for characters: rows, versions, tags and the full-text index, always in one transaction. */
export type Executor = Kysely<Database>;

export function isSqliteExecutor(db: Executor): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'character'}-${randomBytes(4).toString('hex')}`;
}

/** The stored doc with the authoritative columns (status, visibility) laid over it. */
export function docOf(row: Pick<CharacterRow, 'doc' | 'status' | 'visibility' | 'rating'>): DesignDoc {
  const doc = designDocBaseSchema.parse(JSON.parse(row.doc));
  return { ...doc, status: row.status, visibility: row.visibility, rating: row.rating };
}

async function syncSearch(trx: Executor, row: CharacterRow): Promise<void> {
  await trx.deleteFrom('character_tags').where('character_id', '=', row.id).execute();
  const tags: string[] = JSON.parse(row.tags);
  if (tags.length > 0) {
    await trx
      .insertInto('character_tags')
      .values([...new Set(tags)].map((tag) => ({ character_id: row.id, tag })))
      .execute();
  }
  // PostgreSQL's tsvector is a generated column; SQLite's FTS5 table is maintained here.
  if (isSqliteExecutor(trx)) {
    await trx.deleteFrom('characters_fts').where('character_id', '=', row.id).execute();
    await trx
      .insertInto('characters_fts')
      .values({
        character_id: row.id,
        name: row.name,
        tagline: row.tagline,
        tags: tags.join(' '),
        description: row.description,
      })
      .execute();
  }
}

function columnsOf(doc: DesignDoc) {
  return {
    name: doc.name,
    tagline: doc.tagline,
    description: doc.description || doc.backstory.slice(0, 500),
    tags: JSON.stringify(doc.tags),
    rating: doc.rating,
    visibility: doc.visibility,
    doc: JSON.stringify(doc),
  };
}

export interface CreateCharacterOptions {
  clock: Clock;
  official?: boolean;
  cardJson?: string | null;
  forkedFrom?: string | null;
  allowFork?: boolean;
  status?: CharacterStatus;
  slug?: string;
}

export async function createCharacter(
  db: Executor,
  ownerId: string,
  doc: DesignDoc,
  options: CreateCharacterOptions,
): Promise<CharacterRow> {
  const now = isoNow(options.clock);
  const status = options.status ?? 'draft';
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('characters')
      .values({
        id: newId(),
        owner_id: ownerId,
        slug: options.slug ?? slugify(doc.name),
        ...columnsOf({ ...doc, status }),
        status,
        status_before_lock: null,
        official: options.official ? 1 : 0,
        version: 1,
        forked_from: options.forkedFrom ?? null,
        allow_fork: options.allowFork ? 1 : 0,
        avatar_path: null,
        avatar_thumb_path: null,
        card_json: options.cardJson ?? null,
        chats_7d: 0,
        trending_score: 0,
        favourites_count: 0,
        created_at: now,
        updated_at: now,
        published_at: status === 'published' ? now : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('character_versions')
      .values({
        id: newId(),
        character_id: row.id,
        version: 1,
        doc: row.doc,
        author_id: ownerId,
        created_at: now,
      })
      .execute();
    await syncSearch(trx, row);
    return row;
  });
}

/** Saves an edit as a new version; earlier versions stay readable for chats that pinned them. */
export async function updateCharacter(
  db: Executor,
  actor: Actor,
  row: CharacterRow,
  doc: DesignDoc,
  changes: { allowFork?: boolean; clock: Clock },
): Promise<CharacterRow> {
  const now = isoNow(changes.clock);
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('characters')
      .set({
        ...columnsOf({ ...doc, status: row.status }),
        version: row.version + 1,
        updated_at: now,
        ...(changes.allowFork === undefined ? {} : { allow_fork: changes.allowFork ? 1 : 0 }),
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new Error('character changed concurrently');
    await trx
      .insertInto('character_versions')
      .values({
        id: newId(),
        character_id: row.id,
        version: updated.version,
        doc: updated.doc,
        author_id: actor.userId,
        created_at: now,
      })
      .execute();
    await syncSearch(trx, updated);
    return updated;
  });
}

export async function setCharacterState(
  db: Executor,
  row: CharacterRow,
  state: {
    status: CharacterStatus;
    visibility?: Visibility;
    statusBeforeLock?: CharacterRow['status_before_lock'];
  },
  clock: Clock,
): Promise<CharacterRow> {
  const now = isoNow(clock);
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('characters')
      .set({
        status: state.status,
        visibility: state.visibility ?? row.visibility,
        status_before_lock:
          state.statusBeforeLock === undefined ? row.status_before_lock : state.statusBeforeLock,
        published_at: state.status === 'published' ? (row.published_at ?? now) : row.published_at,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await syncSearch(trx, updated);
    return updated;
  });
}

export async function setAvatar(
  db: Executor,
  row: CharacterRow,
  paths: { avatar: string; thumb: string },
  clock: Clock,
): Promise<CharacterRow> {
  return db
    .updateTable('characters')
    .set({ avatar_path: paths.avatar, avatar_thumb_path: paths.thumb, updated_at: isoNow(clock) })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCharacter(db: Executor, row: CharacterRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (isSqliteExecutor(trx))
      await trx.deleteFrom('characters_fts').where('character_id', '=', row.id).execute();
    await trx.deleteFrom('characters').where('id', '=', row.id).execute();
  });
}

/** By id or slug; no authorization here — callers pass the row through character-access. */
export async function findCharacter(db: Executor, idOrSlug: string): Promise<CharacterRow | undefined> {
  return db
    .selectFrom('characters')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
}

export async function listVersions(
  db: Executor,
  characterId: string,
): Promise<Pick<CharacterVersionRow, 'version' | 'created_at' | 'author_id'>[]> {
  return db
    .selectFrom('character_versions')
    .select(['version', 'created_at', 'author_id'])
    .where('character_id', '=', characterId)
    .orderBy('version', 'desc')
    .execute();
}

/** The doc as it was at `version` (chats pin the version they started with). */
export async function findVersionDoc(
  db: Executor,
  characterId: string,
  version: number,
): Promise<DesignDoc | undefined> {
  const row = await db
    .selectFrom('character_versions')
    .select('doc')
    .where('character_id', '=', characterId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? designDocBaseSchema.parse(JSON.parse(row.doc)) : undefined;
}
