import type { Actor } from '../accounts/index.js';
import { hasRole } from '../accounts/index.js';

/**
 * Who may see and change a character — every rule in one place (issue 4, authorization matrix).
 * - private or draft (and locked): only the owner and moderators/admins see it;
 * - unlisted + published: anyone with the id or slug, never listed;
 * - public + published: listed in Explore;
 * - NSFW: hidden from everyone but its owner and moderators unless the viewer opted in;
 * - edits: the owner (unless a moderator locked it) or a moderator/admin.
 */
export interface AccessFields {
  owner_id: string;
  visibility: 'private' | 'unlisted' | 'public';
  status: 'draft' | 'published' | 'locked';
  rating: 'sfw' | 'nsfw';
  allow_fork: number;
}

export function isModerator(actor: Actor | null): boolean {
  return actor !== null && hasRole(actor, 'moderator');
}

export function isOwner(actor: Actor | null, row: Pick<AccessFields, 'owner_id'>): boolean {
  return actor !== null && actor.userId === row.owner_id;
}

/** Owner or moderator: may read everything, including the hidden runtime rules. */
export function canSeeHidden(actor: Actor | null, row: Pick<AccessFields, 'owner_id'>): boolean {
  return isOwner(actor, row) || isModerator(actor);
}

export function mayViewRating(actor: Actor | null, rating: AccessFields['rating']): boolean {
  return rating === 'sfw' || (actor?.nsfwOptIn ?? false);
}

/** Get by id/slug, export, chat. */
export function canView(actor: Actor | null, row: AccessFields): boolean {
  if (canSeeHidden(actor, row)) return true;
  if (!mayViewRating(actor, row.rating)) return false;
  return row.status === 'published' && row.visibility !== 'private';
}

/** Listed in Explore and search results. */
export function canList(actor: Actor | null, row: AccessFields): boolean {
  return row.status === 'published' && row.visibility === 'public' && mayViewRating(actor, row.rating);
}

export function canEdit(actor: Actor | null, row: AccessFields): boolean {
  if (isModerator(actor)) return true;
  return isOwner(actor, row) && row.status !== 'locked';
}

/** Chat creation follows viewing: whoever may open the page may start a chat. */
export function canChat(actor: Actor | null, row: AccessFields): boolean {
  return canView(actor, row);
}

export function canFork(actor: Actor | null, row: AccessFields): boolean {
  if (!canView(actor, row)) return false;
  return canSeeHidden(actor, row) || row.allow_fork === 1;
}
