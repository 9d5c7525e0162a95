import type { Role } from '../api/client.js';

const roleRank: Record<Role, number> = { user: 0, creator: 1, moderator: 2, admin: 3 };

/** Roles are ordered like on the server: an admin may do what a moderator may, and so on. */
export function hasRole(role: Role, needed: Role): boolean {
  return roleRank[role] >= roleRank[needed];
}
