import type { Services } from '../services.js';
import { Forbidden, Unauthorized, BadRequest } from '../errors.js';
import { isAdult, isPlausibleBirthDate } from './age.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-throttle.js';
import { findUserByEmail, insertUser, normaliseEmail, type NewAccount } from './users.js';
import type { UserRow } from '../db/index.js';
import { deleteUserSessions } from './sessions.js';
import { revokeUserApiKeys } from './api-keys.js';
import type { Role } from './actor.js';

export interface SignupInput {
  email: string;
  password: string;
  displayName: string;
  birthDate: string;
}

/** Creates an adult account. Under 18 is refused before anything is written. */
export async function signUp(services: Services, input: SignupInput, role: Role = 'user'): Promise<UserRow> {
  const today = services.clock.now();
  if (!isPlausibleBirthDate(input.birthDate, today)) {
    throw new BadRequest('validation_failed', 'Invalid body: birthDate is not a real date in the past.', [
      { path: '/birthDate', message: 'is not a real date in the past' },
    ]);
  }
  if (!isAdult(input.birthDate, today)) {
    throw new Forbidden(
      'underage',
      'Hearth is for adults only. You must be 18 or older to create an account.',
    );
  }
  const account: NewAccount = {
    email: input.email,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    birthDate: input.birthDate,
    role,
  };
  return insertUser(services.db.kysely, services.clock, account);
}

/**
 * Creates an admin from the command line without a birth date (issue 21 item 7): whoever runs
 * `hearth user create-admin` on the server attests that the admin is an adult, so no birth date is
 * stored (empty), while `adult_attested_at` records the attestation like any sign-up.
 */
export async function createAttestedAdmin(
  services: Services,
  input: Omit<SignupInput, 'birthDate'>,
): Promise<UserRow> {
  const account: NewAccount = {
    email: input.email,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    birthDate: '',
    role: 'admin',
  };
  return insertUser(services.db.kysely, services.clock, account);
}

/**
 * Checks credentials with a backoff per account AND client address; the same error for unknown email
 * and wrong password. Keyed on the pair, so someone failing on purpose from elsewhere cannot lock the
 * owner out (issue 13, low); guessing from many addresses is bounded by the per-IP rate limits.
 */
export async function logIn(
  services: Services,
  email: string,
  password: string,
  clientIp: string,
): Promise<UserRow> {
  const throttle = {
    db: services.db.kysely,
    clock: services.clock,
    freeAttempts: services.config.loginAttempts,
  };
  const throttleKey = `login:${clientIp}:${normaliseEmail(email)}`;
  await assertLoginAllowed(throttle, throttleKey);
  const user = await findUserByEmail(services.db.kysely, email);
  const isValid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !isValid || user.status === 'deleted') {
    await recordLoginFailure(throttle, throttleKey);
    throw new Unauthorized('invalid_credentials', 'The email or password is wrong.');
  }
  if (user.status === 'banned') {
    throw new Forbidden(
      'account_banned',
      `This account is banned${user.status_reason ? `: ${user.status_reason}` : '.'}`,
    );
  }
  await clearLoginFailures(throttle, throttleKey);
  return user;
}

export async function changePassword(
  services: Services,
  user: UserRow,
  currentPassword: string,
  newPassword: string,
  keepSessionId?: string,
): Promise<void> {
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new Unauthorized('invalid_credentials', 'The current password is wrong.');
  }
  const passwordHash = await hashPassword(newPassword);
  await services.db.kysely
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: services.clock.now().toISOString() })
    .where('id', '=', user.id)
    .execute();
  // Other devices lose their sessions and every API key is revoked: a password change is often a
  // response to a compromise, and a key is as good as a password (issue 13 item 8).
  await deleteUserSessions(services.db.kysely, user.id, keepSessionId);
  await revokeUserApiKeys(services.db.kysely, services.clock, user.id);
}

/** "Sign out everywhere": every session, this one included, and every API key end (issue 13 item 8). */
export async function signOutEverywhere(services: Services, userId: string): Promise<void> {
  await deleteUserSessions(services.db.kysely, userId);
  await revokeUserApiKeys(services.db.kysely, services.clock, userId);
}
