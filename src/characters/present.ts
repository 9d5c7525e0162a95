import type { Actor } from '../accounts/index.js';
import type { CharacterRow } from '../db/tables/characters.js';
import { canEdit, canFork, canSeeHidden, isOwner } from './character-access.js';
import { docOf } from './character-store.js';
import type { CatalogRow } from './catalog.js';
import type { DesignDoc } from './design-doc.js';

/** The doc a viewer may read: without the hidden runtime rules unless they own or moderate it. */
export type PublicDesignDoc = Omit<DesignDoc, 'runtime'>;

export function publicDoc(doc: DesignDoc): PublicDesignDoc {
  const { runtime: _hidden, ...rest } = doc;
  return rest;
}

/** JSON for a character as `actor` may see it. Non-owners never get `doc.runtime` or the stored card. */
export function presentCharacter(
  row: CharacterRow & { creator_name?: string },
  actor: Actor | null,
  extra: { isFavourite?: boolean } = {},
) {
  const doc = docOf(row);
  const hidden = canSeeHidden(actor, row);
  const avatarBase = `/api/characters/${row.id}/avatar`;
  return {
    id: row.id,
    slug: row.slug,
    ownerId: row.owner_id,
    creatorName: row.creator_name ?? null,
    name: row.name,
    tagline: row.tagline,
    description: row.description,
    tags: doc.tags,
    rating: row.rating,
    visibility: row.visibility,
    status: row.status,
    official: row.official === 1,
    version: row.version,
    forkedFrom: row.forked_from,
    allowFork: row.allow_fork === 1,
    avatarUrl: row.avatar_path ? `${avatarBase}?v=${row.updated_at}` : null,
    thumbnailUrl: row.avatar_thumb_path ? `${avatarBase}?size=thumb&v=${row.updated_at}` : null,
    favourites: row.favourites_count,
    chats7d: row.chats_7d,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    greeting: doc.greetings[0] ?? '',
    doc: hidden ? doc : publicDoc(doc),
    viewer: {
      isOwner: isOwner(actor, row),
      canEdit: canEdit(actor, row),
      canFork: canFork(actor, row),
      isFavourite: extra.isFavourite ?? false,
    },
  };
}

/** Catalog cards: the listing needs no doc at all. */
export function presentListItem(row: CatalogRow | (CharacterRow & { creator_name?: string })) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    tagline: row.tagline,
    tags: JSON.parse(row.tags) as string[],
    rating: row.rating,
    visibility: row.visibility,
    status: row.status,
    official: row.official === 1,
    creatorName: row.creator_name ?? null,
    thumbnailUrl: row.avatar_thumb_path
      ? `/api/characters/${row.id}/avatar?size=thumb&v=${row.updated_at}`
      : null,
    favourites: row.favourites_count,
    chats7d: row.chats_7d,
    publishedAt: row.published_at,
  };
}
