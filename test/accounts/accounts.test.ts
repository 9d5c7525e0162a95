import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/db/index.js';
import { TEST_ORIGIN, type TestApp, createTestApp, sessionCookieOf, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

async function countRows(testApp: TestApp, table: 'users' | 'sessions' | 'api_keys'): Promise<number> {
  const row = await testApp.services.db.kysely
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const adult = {
  email: 'ada@example.com',
  password: 'correct horse battery',
  displayName: 'Ada',
  birthDate: '1990-01-01',
};

describeEachDialect('accounts', (dialect: DialectName) => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());
  const setup = async (env?: Record<string, string>) => {
    testApp = await createTestApp(dialect, { env });
    return testApp.app;
  };
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    testApp.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { origin: TEST_ORIGIN, ...headers },
    });

  it('signs up an adult, stores the attestation time and sets a safe session cookie', async () => {
    await setup();
    const response = await post('/api/auth/signup', adult);
    expect(response.statusCode).toBe(201);
    const cookie = response.cookies.find((candidate) => candidate.name === 'hearth_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(new Date(cookie!.expires!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const user = response.json().user;
    expect(user.adultAttestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(response.json())).not.toContain('argon2');
    const me = await testApp.app.inject({ url: '/api/me', headers: { cookie: sessionCookieOf(response) } });
    expect(me.json().user).toMatchObject({ email: 'ada@example.com', role: 'user' });
  });

  it('marks the session cookie Secure behind TLS (trusted proxy)', async () => {
    await setup({ HEARTH_TRUST_PROXY: '1' });
    const response = await post('/api/auth/signup', adult, {
      'x-forwarded-proto': 'https',
      origin: 'https://localhost:80',
    });
    expect(response.statusCode).toBe(201);
    expect(response.cookies.find((candidate) => candidate.name === 'hearth_session')?.secure).toBe(true);
  });

  it('refuses under-18 sign-ups with 403 underage and writes nothing', async () => {
    await setup();
    const birthDate = new Date(Date.now() - 17 * 365.25 * 86_400_000).toISOString().slice(0, 10);
    const response = await post('/api/auth/signup', { ...adult, birthDate });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('underage');
    expect(response.cookies).toHaveLength(0);
    expect(await countRows(testApp, 'users')).toBe(0);
  });

  it('refuses a duplicate email with 409 email_taken (case-insensitive) and keeps one row', async () => {
    await setup();
    await post('/api/auth/signup', adult);
    const response = await post('/api/auth/signup', { ...adult, email: 'ADA@example.com' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('email_taken');
    expect(await countRows(testApp, 'users')).toBe(1);
  });

  it('answers malformed JSON with 400 invalid_json and writes nothing', async () => {
    await setup();
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: '{"email": "x@example.com", ',
      headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
    expect(await countRows(testApp, 'users')).toBe(0);
  });

  it('rejects unknown fields and invalid values with 400 validation_failed naming the field', async () => {
    await setup();
    const extra = await post('/api/auth/signup', { ...adult, role: 'admin' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('validation_failed');
    const badEmail = await post('/api/auth/signup', { ...adult, email: 'not-an-email' });
    expect(badEmail.json().error.details[0].path).toBe('/email');
    const badDate = await post('/api/auth/signup', { ...adult, birthDate: '1990-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(await countRows(testApp, 'users')).toBe(0);
  });

  it('answers an oversized body with 413 and writes nothing', async () => {
    await setup({ HEARTH_BODY_LIMIT: '2048' });
    const response = await post('/api/auth/signup', { ...adult, displayName: 'x'.repeat(4096) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(await countRows(testApp, 'users')).toBe(0);
  });

  it('refuses a wrong password with 401 and creates no session', async () => {
    await setup();
    await post('/api/auth/signup', adult);
    const sessionsBefore = await countRows(testApp, 'sessions');
    const response = await post('/api/auth/login', { email: adult.email, password: 'wrong password!' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
    expect(await countRows(testApp, 'sessions')).toBe(sessionsBefore);
    const unknown = await post('/api/auth/login', { email: 'nobody@example.com', password: 'whatever123' });
    expect(unknown.json().error.code).toBe('invalid_credentials');
  });

  it('backs off after repeated failed logins, even for the right password', async () => {
    await setup({ HEARTH_LOGIN_ATTEMPTS: '3' });
    await post('/api/auth/signup', adult);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await post('/api/auth/login', { email: adult.email, password: 'wrong password!' });
    }
    const response = await post('/api/auth/login', { email: adult.email, password: adult.password });
    expect(response.statusCode).toBe(429);
    expect(response.json().error.code).toBe('rate_limited');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rotates the session on login and ends it on logout', async () => {
    await setup();
    const signup = await post('/api/auth/signup', adult);
    const first = sessionCookieOf(signup);
    const login = await post(
      '/api/auth/login',
      { email: adult.email, password: adult.password },
      { cookie: first },
    );
    const second = sessionCookieOf(login);
    expect(second).not.toBe(first);
    expect((await testApp.app.inject({ url: '/api/me', headers: { cookie: first } })).statusCode).toBe(401);
    const logout = await post('/api/auth/logout', {}, { cookie: second });
    expect(logout.statusCode).toBe(204);
    const after = await testApp.app.inject({ url: '/api/me', headers: { cookie: second } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
  });

  it('expires sessions after the configured lifetime', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    testApp = await createTestApp(dialect, {
      env: { HEARTH_SESSION_TTL_HOURS: '1' },
      clock: { now: () => now },
    });
    const user = await signUpTestUser(testApp.app);
    expect((await testApp.app.inject({ url: '/api/me', headers: user.headers })).statusCode).toBe(200);
    now = new Date('2026-01-01T01:00:01Z');
    expect((await testApp.app.inject({ url: '/api/me', headers: user.headers })).statusCode).toBe(401);
  });

  it('answers 401 without a session', async () => {
    await setup();
    for (const url of ['/api/me', '/api/me/api-keys', '/api/me/export']) {
      const response = await testApp.app.inject({ url });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
  });

  it('refuses cookie-authenticated writes from another origin (CSRF)', async () => {
    await setup();
    const user = await signUpTestUser(testApp.app);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/api-keys',
      payload: { name: 'evil' },
      headers: { cookie: user.headers.cookie, origin: 'https://evil.example' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_rejected');
    const noOrigin = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/api-keys',
      payload: { name: 'evil' },
      headers: { cookie: user.headers.cookie },
    });
    expect(noOrigin.statusCode).toBe(403);
    expect(await countRows(testApp, 'api_keys')).toBe(0);
  });

  it('creates API keys shown once, authenticates with them, and refuses bad and revoked keys', async () => {
    await setup();
    const user = await signUpTestUser(testApp.app);
    const created = await post('/api/me/api-keys', { name: 'script' }, user.headers);
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^hth_/);
    const stored = await testApp.services.db.kysely
      .selectFrom('api_keys')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    expect(JSON.stringify(stored)).not.toContain(key);

    const list = await testApp.app.inject({ url: '/api/me/api-keys', headers: user.headers });
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain(stored.key_hash);

    const viaKey = await testApp.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${key}` } });
    expect(viaKey.json().user.id).toBe(user.id);
    // Bearer requests are exempt from the origin check: programs have no Origin.
    const keyWrite = await testApp.app.inject({
      method: 'PATCH',
      url: '/api/me',
      payload: { displayName: 'Scripted' },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(keyWrite.statusCode).toBe(200);

    const bad = await testApp.app.inject({ url: '/api/me', headers: { authorization: 'Bearer hth_nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('invalid_api_key');

    const revoke = await testApp.app.inject({
      method: 'DELETE',
      url: `/api/me/api-keys/${id}`,
      headers: user.headers,
    });
    expect(revoke.statusCode).toBe(204);
    const revoked = await testApp.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${key}` } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('invalid_api_key');
  });

  it('refuses admin routes to non-admins with 403 and allows admins', async () => {
    await setup();
    const user = await signUpTestUser(testApp.app);
    const response = await testApp.app.inject({ url: '/api/admin/users', headers: user.headers });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
    const patch = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      payload: { role: 'admin' },
      headers: user.headers,
    });
    expect(patch.statusCode).toBe(403);
    const row = await testApp.services.db.kysely.selectFrom('users').select('role').executeTakeFirstOrThrow();
    expect(row.role).toBe('user');

    await testApp.services.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', user.id)
      .execute();
    const admin = await testApp.app.inject({ url: '/api/admin/users', headers: user.headers });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).not.toContain('password');
    expect(admin.body).not.toContain('argon2');
  });

  it('changes the password: old one stops working, other sessions end', async () => {
    await setup();
    const user = await signUpTestUser(testApp.app);
    const otherDevice = sessionCookieOf(
      await post('/api/auth/login', { email: user.email, password: user.password }),
    );
    const wrong = await post(
      '/api/me/password',
      { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
      user.headers,
    );
    expect(wrong.statusCode).toBe(401);
    const changed = await post(
      '/api/me/password',
      { currentPassword: user.password, newPassword: 'a brand new passphrase' },
      user.headers,
    );
    expect(changed.statusCode).toBe(204);
    expect((await post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(
      401,
    );
    expect(
      (await post('/api/auth/login', { email: user.email, password: 'a brand new passphrase' })).statusCode,
    ).toBe(200);
    expect((await testApp.app.inject({ url: '/api/me', headers: { cookie: otherDevice } })).statusCode).toBe(
      401,
    );
    expect((await testApp.app.inject({ url: '/api/me', headers: user.headers })).statusCode).toBe(200);
  });

  it('exports the user data without secrets', async () => {
    await setup();
    const user = await signUpTestUser(testApp.app);
    const { key } = (await post('/api/me/api-keys', { name: 'k' }, user.headers)).json();
    const response = await testApp.app.inject({ url: '/api/me/export', headers: user.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = response.json();
    expect(data.account.email).toBe(user.email);
    expect(data.apiKeys).toHaveLength(1);
    expect(response.body).not.toContain(key);
    expect(response.body).not.toContain('argon2');
  });

  it('deletes the account: requires the password, leaves only an anonymised tombstone', async () => {
    await setup();
    const user = await signUpTestUser(testApp.app);
    await post('/api/me/api-keys', { name: 'k' }, user.headers);
    const wrong = await testApp.app.inject({
      method: 'DELETE',
      url: '/api/me',
      payload: { password: 'nope nope nope' },
      headers: user.headers,
    });
    expect(wrong.statusCode).toBe(401);
    const response = await testApp.app.inject({
      method: 'DELETE',
      url: '/api/me',
      payload: { password: user.password },
      headers: user.headers,
    });
    expect(response.statusCode).toBe(204);
    const row = await testApp.services.db.kysely.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'deleted',
      password_hash: '',
      birth_date: '',
      display_name: 'Deleted user',
    });
    expect(row.email).not.toContain(user.email);
    expect(await countRows(testApp, 'sessions')).toBe(0);
    expect(await countRows(testApp, 'api_keys')).toBe(0);
    expect((await post('/api/auth/login', { email: user.email, password: user.password })).statusCode).toBe(
      401,
    );
    // The email is free again.
    expect((await post('/api/auth/signup', { ...adult, email: user.email })).statusCode).toBe(201);
  });
});

describe('server basics', () => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());

  it('answers health, readiness, OpenAPI docs, security headers and request ids', async () => {
    testApp = await createTestApp('sqlite');
    const health = await testApp.app.inject({ url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBeTruthy();
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
    const spec = await testApp.app.inject({ url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toContain('/api/auth/signup');
    const unknown = await testApp.app.inject({ url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
  });

  it('reports not ready when the database is gone', async () => {
    testApp = await createTestApp('sqlite');
    await testApp.services.db.close();
    const response = await testApp.app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('database_unavailable');
  });
});
