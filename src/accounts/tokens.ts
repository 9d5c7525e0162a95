import { createHmac, randomBytes } from 'node:crypto';

/** Random bearer secrets, and the keyed hash under which they are stored (never the raw value). */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}
