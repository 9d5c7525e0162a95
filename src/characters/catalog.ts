import { sql } from 'kysely';
import type { Actor } from '../accounts/index.js';
import { BadRequest } from '../errors.js';
import type { CharacterRow } from '../db/tables/characters.js';
import { type Executor, isSqliteExecutor } from './character-store.js';

/** Explore: full-text search, filters, sorts and keyset (cursor) pagination over listable characters. */
export type CatalogSort = 'popular' | 'new' | 'trending';

export interface CatalogQuery {
  q?: string;
  tag?: string;
  rating?: 'sfw' | 'nsfw';
  sort?: CatalogSort;
  cursor?: string;
  limit?: number;
  /** Only the caller's own characters, in every state (the "my characters" page). */
  mine?: boolean;
}

const listColumns = [
  'characters.id',
  'characters.owner_id',
  'characters.slug',
  'characters.name',
  'characters.tagline',
  'characters.description',
  'characters.tags',
  'characters.rating',
  'characters.visibility',
  'characters.status',
  'characters.official',
  'characters.avatar_thumb_path',
  'characters.favourites_count',
  'characters.chats_7d',
  'characters.trending_score',
  'characters.created_at',
  'characters.updated_at',
  'characters.published_at',
] as const;

export type CatalogRow = Omit<
  CharacterRow,
  'doc' | 'card_json' | 'avatar_path' | 'version' | 'forked_from' | 'allow_fork' | 'status_before_lock'
> & { creator_name: string };

export interface CatalogPage {
  items: CatalogRow[];
  nextCursor: string | null;
}

const sortColumn = { popular: 'chats_7d', trending: 'trending_score', new: 'published_at' } as const;

/** Search words: letters and digits only, so user input can never form FTS or tsquery syntax. */
export function searchTokens(q: string): string[] {
  return (q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((token) => token.toLowerCase());
}

interface Cursor {
  key: string | number | null;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value?.id === 'string' && ['string', 'number'].includes(typeof value.key)) return value;
    if (typeof value?.id === 'string' && value.key === null) return value;
  } catch {}
  throw new BadRequest('invalid_cursor', 'The cursor is not one this API returned.');
}

export async function listCatalog(
  db: Executor,
  actor: Actor | null,
  query: CatalogQuery,
): Promise<CatalogPage> {
  const limit = Math.min(Math.max(query.limit ?? 24, 1), 100);
  const sort = query.sort ?? (query.mine ? 'new' : 'popular');
  let select = db
    .selectFrom('characters')
    .innerJoin('users', 'users.id', 'characters.owner_id')
    // Listings never need the doc or the stored card (the heavy columns).
    .select(listColumns)
    .select('users.display_name as creator_name');

  if (query.mine) {
    if (!actor) return { items: [], nextCursor: null };
    select = select.where('characters.owner_id', '=', actor.userId);
  } else {
    select = select
      .where('characters.visibility', '=', 'public')
      .where('characters.status', '=', 'published');
    if (!actor?.nsfwOptIn) select = select.where('characters.rating', '=', 'sfw');
  }
  if (query.rating) select = select.where('characters.rating', '=', query.rating);
  if (query.tag) {
    const tag = query.tag.trim().toLowerCase();
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('character_tags')
          .select('character_tags.tag')
          .whereRef('character_tags.character_id', '=', 'characters.id')
          .where('character_tags.tag', '=', tag),
      ),
    );
  }
  const tokens = searchTokens(query.q ?? '');
  if (tokens.length > 0) {
    if (isSqliteExecutor(db)) {
      const match = tokens.map((token) => `"${token}"*`).join(' ');
      select = select.where(
        'characters.id',
        'in',
        sql<string>`(SELECT character_id FROM characters_fts WHERE characters_fts MATCH ${match})`,
      );
    } else {
      const tsquery = tokens.map((token) => `${token}:*`).join(' & ');
      select = select.where(sql<boolean>`characters.search_vector @@ to_tsquery('simple', ${tsquery})`);
    }
  }

  // The "new" sort uses created_at for one's own list (drafts have no published_at).
  const column = sort === 'new' && query.mine ? 'created_at' : sortColumn[sort];
  const ref = sql.ref(`characters.${column}`);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([
        eb(ref, '<', cursor.key),
        eb.and([eb(ref, '=', cursor.key), eb('characters.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy(ref, 'desc')
    .orderBy('characters.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const hasMore = rows.length > limit;
  return {
    items,
    nextCursor:
      hasMore && last
        ? encodeCursor({ key: last[column as keyof typeof last] as string | number, id: last.id })
        : null,
  };
}
