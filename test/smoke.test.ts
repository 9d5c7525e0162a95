import { afterEach, expect, it } from 'vitest';
import { type TestApp, createTestApp, signUpTestUser } from './helpers/app.js';

let testApp: TestApp;
afterEach(() => testApp?.close());

it('serves health and a signed-up user', async () => {
  testApp = await createTestApp('sqlite');
  const health = await testApp.app.inject({ url: '/readyz' });
  expect(health.json()).toEqual({ status: 'ready', database: 'sqlite' });
  const user = await signUpTestUser(testApp.app);
  const me = await testApp.app.inject({ url: '/api/me', headers: user.headers });
  expect(me.json().user.email).toBe(user.email);
});
