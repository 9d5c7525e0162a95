import type { UserRow } from '../db/index.js';

export type Role = UserRow['role'];

/** Who is making a request: resolved once by the auth plugin, passed to every layer. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** Attested 18+ at signup (every account is; kept explicit for the safety policy). */
  readonly ageVerified: boolean;
  readonly nsfwOptIn: boolean;
  readonly status: UserRow['status'];
  readonly statusReason: string | null;
  readonly via: 'session' | 'api_key';
  readonly sessionId?: string;
  /** The API key's id and `/v1` settings, when the request came with one. */
  readonly apiKey?: {
    readonly id: string;
    readonly promptMode: 'hearth' | 'client';
    readonly clientMemory: boolean;
  };
}

const roleRank: Record<Role, number> = { user: 0, creator: 1, moderator: 2, admin: 3 };

/** Roles are ordered: an admin may do what a moderator may, a moderator what a creator may. */
export function hasRole(actor: Actor, role: Role): boolean {
  return roleRank[actor.role] >= roleRank[role];
}

export function actorFromUser(
  user: UserRow,
  via: Actor['via'],
  sessionId?: string,
  apiKey?: Actor['apiKey'],
): Actor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    ageVerified: Boolean(user.adult_attested_at),
    nsfwOptIn: user.nsfw_opt_in === 1,
    status: user.status,
    statusReason: user.status_reason,
    via,
    sessionId,
    ...(apiKey ? { apiKey } : {}),
  };
}
