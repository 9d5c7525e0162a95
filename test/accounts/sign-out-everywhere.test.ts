import { afterEach, expect, it } from 'vitest';
import { TEST_ORIGIN, type TestApp, createTestApp, sessionCookieOf, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

/** Issue 13 item 8: a password change revokes API keys too; "sign out everywhere" ends sessions and keys. */
describeEachDialect('issue 13 item 8: password change and sign out everywhere', (dialect) => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());

  async function setup() {
    testApp = await createTestApp(dialect);
    const user = await signUpTestUser(testApp.app);
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: TEST_ORIGIN },
      payload: { email: user.email, password: user.password },
    });
    const otherDevice = { cookie: sessionCookieOf(login), origin: TEST_ORIGIN };
    const keys: string[] = [];
    for (const name of ['script one', 'script two']) {
      const created = await testApp.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        headers: user.headers,
        payload: { name },
      });
      keys.push(created.json().key);
    }
    return { user, otherDevice, keys };
  }

  const statusOf = async (headers: Record<string, string>) =>
    (await testApp.app.inject({ url: '/api/me', headers })).statusCode;

  it('a password change revokes every API key and ends the other sessions', async () => {
    const { user, otherDevice, keys } = await setup();
    expect(await statusOf({ authorization: `Bearer ${keys[0]}` })).toBe(200);
    const changed = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: user.headers,
      payload: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(changed.statusCode).toBe(204);
    for (const key of keys) expect(await statusOf({ authorization: `Bearer ${key}` })).toBe(401);
    expect(await statusOf(otherDevice)).toBe(401);
    expect(await statusOf(user.headers)).toBe(200);
    const listed = await testApp.app.inject({ url: '/api/me/api-keys', headers: user.headers });
    expect(listed.json().keys.every((key: { revokedAt: string | null }) => key.revokedAt !== null)).toBe(
      true,
    );
  });

  it('sign out everywhere ends every session, this one too, and every key', async () => {
    const { user, otherDevice, keys } = await setup();
    const other = await signUpTestUser(testApp.app);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/sign-out-everywhere',
      headers: user.headers,
    });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((cookie) => cookie.name === 'hearth_session')?.value).toBe('');
    expect(await statusOf(user.headers)).toBe(401);
    expect(await statusOf(otherDevice)).toBe(401);
    for (const key of keys) expect(await statusOf({ authorization: `Bearer ${key}` })).toBe(401);
    // Only the caller's own account is touched.
    expect(await statusOf(other.headers)).toBe(200);
  });

  it('sign out everywhere works with an API key and needs one', async () => {
    const { user, keys } = await setup();
    const anonymous = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/sign-out-everywhere',
      headers: { origin: TEST_ORIGIN },
    });
    expect(anonymous.statusCode).toBe(401);
    const viaKey = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/sign-out-everywhere',
      headers: { authorization: `Bearer ${keys[1]}` },
    });
    expect(viaKey.statusCode).toBe(204);
    expect(await statusOf(user.headers)).toBe(401);
    expect(await statusOf({ authorization: `Bearer ${keys[0]}` })).toBe(401);
  });
});
