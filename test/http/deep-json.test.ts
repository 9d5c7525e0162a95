import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signUpTestUser, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

// Issue 13 item 10: a 10,000-deep JSON body crashed the idempotency hashing of a money route (HTTP 500).
describeEachDialect('issue 13 item 10: deep JSON bodies', (dialect) => {
  let test: TestApp;
  afterEach(async () => test?.close());

  it('answers 400 json_too_deep on the purchase route, and stores no idempotency key', async () => {
    test = await createTestApp(dialect);
    const user = await signUpTestUser(test.app);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/offers/some-offer/purchase',
      headers: { ...user.headers, 'content-type': 'application/json', 'idempotency-key': 'deep-body-key-1' },
      payload: `{"a":${nested(10_000)}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('json_too_deep');
    const keys = await test.services.db.kysely.selectFrom('idempotency_keys').selectAll().execute();
    expect(keys).toEqual([]);
  });

  it('refuses deep bodies on every kind of route, with brackets inside strings not counted', async () => {
    test = await createTestApp(dialect);
    const user = await signUpTestUser(test.app);
    for (const [method, url] of [
      ['POST', '/api/chats'],
      ['PATCH', '/api/me'],
      ['POST', '/v1/chat/completions'],
      ['POST', '/api/auth/login'],
    ] as const) {
      const response = await test.app.inject({
        method,
        url,
        headers: { ...user.headers, 'content-type': 'application/json' },
        payload: nested(10_000),
      });
      expect(response.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
    }
    // 100 brackets inside a string value are text, not nesting: the password is simply wrong.
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: user.headers,
      payload: { email: user.email, password: `x${'['.repeat(100)}\\"{` },
    });
    expect(response.json().error.code).toBe('invalid_credentials');
  });
});

describe('issue 13 item 10: every route declares its body', () => {
  let test: TestApp;
  afterEach(async () => test?.close());

  it('refuses any field on a route that takes no body, and accepts none or {}', async () => {
    test = await createTestApp('sqlite');
    const user = await signUpTestUser(test.app);
    const none = await test.app.inject({ method: 'DELETE', url: '/api/chats/nope', headers: user.headers });
    expect(none.json().error).toMatchObject({ code: 'chat_not_found' });
    const withField = await test.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: user.headers,
      payload: { surprise: true },
    });
    expect(withField.statusCode).toBe(400);
    expect(withField.json().error.code).toBe('validation_failed');
    const empty = await test.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: user.headers,
      payload: {},
    });
    expect(empty.statusCode).toBe(204);
  });

  it('lists a body for every write operation of the OpenAPI document', async () => {
    test = await createTestApp('sqlite');
    const doc = (await test.app.inject({ url: '/docs/json' })).json();
    const missing: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { requestBody?: unknown }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const multipart = path.endsWith('/import') || path.endsWith('/avatar');
        if (['post', 'put', 'patch', 'delete'].includes(method) && !operation.requestBody && !multipart)
          missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('issue 13 low: Fastify-generated errors use the documented shape', () => {
  let test: TestApp;
  afterEach(async () => test?.close());

  it('answers a too-long path parameter with 414 uri_too_long and a bad URL with 400 invalid_url', async () => {
    test = await createTestApp('sqlite');
    const long = await test.app.inject({ url: `/api/characters/${'a'.repeat(600)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({ error: { code: 'uri_too_long', message: expect.any(String) } });
    const bad = await test.app.inject({ url: '/api/characters/%zz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'invalid_url', message: expect.any(String) } });
  });
});
