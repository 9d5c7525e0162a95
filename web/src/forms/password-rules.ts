/** Mirrors the server's password rule (src/accounts/schemas.ts) so the form can warn before sending. */
export const MIN_PASSWORD_LENGTH = 10;
