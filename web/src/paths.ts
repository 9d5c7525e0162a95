/** Where a user lands after logging in (kept apart from the route registry to avoid import cycles). */
export const homePath = '/explore';

/** Only same-app paths are followed after login, never another site (`//x` or `/\\x`). */
export function safeNextPath(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : homePath;
}
