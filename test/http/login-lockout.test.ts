import { afterEach, expect, it } from 'vitest';
import { createTestApp, signUpTestUser, TEST_ORIGIN, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

// Issue 13, low: an attacker could keep any account locked out of login by failing on purpose.
describeEachDialect('issue 13 low: login lock-out is per account + address', (dialect) => {
  let test: TestApp;
  afterEach(async () => test?.close());

  const login = (email: string, password: string, remoteAddress: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { origin: TEST_ORIGIN },
      payload: { email, password },
    });

  it('failures from one address lock that address out, not the owner elsewhere', async () => {
    test = await createTestApp(dialect, { env: { HEARTH_LOGIN_ATTEMPTS: '3' } });
    const owner = await signUpTestUser(test.app);
    for (let attempt = 0; attempt < 6; attempt += 1)
      await login(owner.email, 'wrong password!', '203.0.113.66');
    const attacker = await login(owner.email, owner.password, '203.0.113.66');
    expect(attacker.statusCode).toBe(429);
    expect(attacker.json().error.code).toBe('rate_limited');
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    // The owner, from their own address, logs in at once.
    const ownerLogin = await login(owner.email, owner.password, '198.51.100.7');
    expect(ownerLogin.statusCode).toBe(200);
  });

  it('the back-off grows with each further failure from the same address', async () => {
    test = await createTestApp(dialect, { env: { HEARTH_LOGIN_ATTEMPTS: '2' } });
    const owner = await signUpTestUser(test.app);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await login(owner.email, 'wrong password!', '203.0.113.66');
      const row = await test.services.db.kysely
        .selectFrom('login_throttle')
        .selectAll()
        .where('key', 'like', '%203.0.113.66%')
        .executeTakeFirstOrThrow();
      waits.push(
        row.locked_until ? new Date(row.locked_until).getTime() - new Date(row.last_failure_at).getTime() : 0,
      );
      // Let the lock pass so the next failure is counted (the clock is the app's own).
      await test.services.db.kysely
        .updateTable('login_throttle')
        .set({ locked_until: null })
        .where('key', '=', row.key)
        .execute();
    }
    expect(waits).toEqual([0, 0, 1000, 2000]);
  });
});
