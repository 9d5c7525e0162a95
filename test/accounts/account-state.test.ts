import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { ALLOWED_WHILE_SUSPENDED } from '../../src/safety/index.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { setRole } from '../characters/helpers.js';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
interface Route {
  method: Method;
  url: string;
}

/** Every route of the running app, from its OpenAPI document (new routes are covered automatically). */
function routesOf(app: FastifyInstance): Route[] {
  const document = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of Object.keys(operations)) {
      const url = path.replace(/\{[^}]+\}/g, '01900000-0000-7000-8000-000000000000');
      routes.push({ method: method.toUpperCase() as Method, url });
    }
  }
  return routes;
}

/** The API routes: sign-in, health checks and docs do not act as the account. */
const isSignIn = (route: Route) =>
  route.url.startsWith('/api/auth/') || !(route.url.startsWith('/api/') || route.url.startsWith('/v1/'));

/** Issue 13 item 2: one account-state check on every authenticated path, session and API key alike. */
describeEachDialect('issue 13 item 2: banned and suspended accounts', (dialect) => {
  let testApp: TestApp;
  afterEach(() => testApp?.close());

  async function setup() {
    testApp = await createTestApp(dialect, { env: { HEARTH_RATE_LIMIT_PER_MINUTE: '100000' } });
    const moderator = await signUpTestUser(testApp.app);
    await setRole(testApp, moderator.id, 'moderator');
    const user = await signUpTestUser(testApp.app);
    const created = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/api-keys',
      headers: user.headers,
      payload: { name: 'script' },
    });
    expect(created.statusCode).toBe(201);
    return { moderator, user, key: created.json().key as string };
  }

  const call = (route: Route, credentials: Record<string, string>) =>
    testApp.app.inject({
      method: route.method,
      url: route.url,
      headers: credentials,
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
    });

  async function enforce(moderator: TestUser, user: TestUser, action: 'ban' | 'suspend') {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/moderation/users/${user.id}/${action}`,
      headers: moderator.headers,
      payload: { reason: 'matrix test' },
    });
    expect(response.statusCode).toBe(200);
  }

  it('answers 403 account_banned on every route, cookie and key alike', async () => {
    const { moderator, user, key } = await setup();
    await enforce(moderator, user, 'ban');
    const routes = routesOf(testApp.app).filter((route) => !isSignIn(route));
    expect(routes.filter((route) => route.method !== 'GET').length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const route of routes) {
      for (const [via, credentials] of [
        ['cookie', user.headers],
        ['key', { authorization: `Bearer ${key}` }],
      ] as const) {
        const response = await call(route, credentials);
        if (response.statusCode !== 403 || response.json().error?.code !== 'account_banned') {
          failures.push(
            `${route.method} ${route.url} (${via}): ${response.statusCode} ${response.body.slice(0, 80)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 account_suspended on every non-GET route but the appeal, cookie and key alike', async () => {
    const { moderator, user, key } = await setup();
    await enforce(moderator, user, 'suspend');
    const routes = routesOf(testApp.app).filter(
      (route) =>
        route.method !== 'GET' &&
        !isSignIn(route) &&
        !ALLOWED_WHILE_SUSPENDED.includes(`${route.method} ${route.url}`),
    );
    const failures: string[] = [];
    for (const route of routes) {
      for (const [via, credentials] of [
        ['cookie', user.headers],
        ['key', { authorization: `Bearer ${key}` }],
      ] as const) {
        const response = await call(route, credentials);
        if (response.statusCode !== 403 || response.json().error?.code !== 'account_suspended') {
          failures.push(
            `${route.method} ${route.url} (${via}): ${response.statusCode} ${response.body.slice(0, 80)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    // Reading, export and appeal still work.
    expect((await call({ method: 'GET', url: '/api/me' }, user.headers)).statusCode).toBe(200);
    expect(
      (await call({ method: 'GET', url: '/api/me/export' }, { authorization: `Bearer ${key}` })).statusCode,
    ).toBe(200);
    const appeal = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/appeal',
      headers: user.headers,
      payload: { message: 'I was quoting a film, please look again.' },
    });
    expect(appeal.statusCode).toBe(201);
    const queue = await testApp.app.inject({ url: '/api/moderation/queue', headers: moderator.headers });
    expect(queue.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'appeal', subjectUserId: user.id })]),
    );
    const twice = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/appeal',
      headers: user.headers,
      payload: { message: 'Second appeal while the first waits.' },
    });
    expect(twice.json().error.code).toBe('appeal_pending');
  });

  it('a ban revokes sessions and keys: lifting it does not bring them back', async () => {
    const { moderator, user, key } = await setup();
    await enforce(moderator, user, 'ban');
    const reinstated = await testApp.app.inject({
      method: 'POST',
      url: `/api/moderation/users/${user.id}/reinstate`,
      headers: moderator.headers,
      payload: { note: 'lifted' },
    });
    expect(reinstated.statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/api/me' }, user.headers)).statusCode).toBe(401);
    const viaKey = await call({ method: 'GET', url: '/api/me' }, { authorization: `Bearer ${key}` });
    expect(viaKey.statusCode).toBe(401);
    expect(viaKey.json().error.code).toBe('invalid_api_key');
  });

  it('an active account is not affected, and cannot appeal', async () => {
    const { user, key } = await setup();
    const me = await call({ method: 'GET', url: '/api/me' }, { authorization: `Bearer ${key}` });
    expect(me.statusCode).toBe(200);
    const appeal = await testApp.app.inject({
      method: 'POST',
      url: '/api/me/appeal',
      headers: user.headers,
      payload: { message: 'Nothing to appeal here at all.' },
    });
    expect(appeal.json().error.code).toBe('not_suspended');
  });
});
