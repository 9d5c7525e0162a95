import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

// Issue 13 item 11: helmet's default CSP added upgrade-insecure-requests, so the UI was blank over
// plain http on any host but localhost.
describe('issue 13 item 11: upgrade-insecure-requests only for an https public URL', () => {
  let test: TestApp;
  afterEach(async () => test?.close());

  it('is absent by default and for an http public URL', async () => {
    const envs: Record<string, string>[] = [{}, { HEARTH_PUBLIC_URL: 'http://hearth.lan:3000' }];
    for (const env of envs) {
      test = await createTestApp('sqlite', { env });
      const csp = (await test.app.inject({ url: '/healthz' })).headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      await test.close();
    }
  });

  it('is present when the public URL is https', async () => {
    test = await createTestApp('sqlite', { env: { HEARTH_PUBLIC_URL: 'https://hearth.example' } });
    const csp = (await test.app.inject({ url: '/healthz' })).headers['content-security-policy'];
    expect(csp).toContain('upgrade-insecure-requests');
  });
});
