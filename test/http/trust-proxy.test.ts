import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// Issue 13 item 9: with HEARTH_TRUST_PROXY=true any client could spoof X-Forwarded-For and escape the
// per-IP rate limits (80 logins, none limited).
describe('issue 13 item 9: trusted proxies', () => {
  let test: TestApp;
  afterEach(async () => test?.close());

  const spoofedBurst = async (
    remoteAddress: string,
    count: number,
    forwardedFor: (index: number) => string,
  ) => {
    const statuses: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await test.app.inject({
        url: '/api/characters',
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor(index) },
      });
      statuses.push(response.statusCode);
    }
    return statuses;
  };

  it('refuses HEARTH_TRUST_PROXY=true and bad addresses, naming the variable', () => {
    expect(() => loadConfig({ HEARTH_TRUST_PROXY: 'true' })).toThrow(/HEARTH_TRUST_PROXY: true would trust/);
    expect(() => loadConfig({ HEARTH_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/HEARTH_TRUST_PROXY/);
    expect(() => loadConfig({ HEARTH_TRUST_PROXY: 'proxy.example' })).toThrow(/HEARTH_TRUST_PROXY/);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ HEARTH_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ HEARTH_TRUST_PROXY: '10.0.0.0/8, ::1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
  });

  it('a direct client cannot escape the per-IP limit by varying X-Forwarded-For (proxy address list)', async () => {
    test = await createTestApp('sqlite', {
      env: { HEARTH_TRUST_PROXY: '10.0.0.5', HEARTH_RATE_LIMIT_PER_MINUTE: '5' },
    });
    const statuses = await spoofedBurst('203.0.113.9', 8, (index) => `198.51.100.${index}`);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('behind one proxy (hop count), the address the proxy saw is limited, not the spoofed ones', async () => {
    test = await createTestApp('sqlite', {
      env: { HEARTH_TRUST_PROXY: '1', HEARTH_RATE_LIMIT_PER_MINUTE: '5' },
    });
    // The proxy appends the address it saw; whatever the client put before it is ignored.
    const statuses = await spoofedBurst('10.0.0.5', 8, (index) => `198.51.100.${index}, 203.0.113.9`);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another real client behind the same proxy has its own budget.
    const other = await test.app.inject({
      url: '/api/characters',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': '203.0.113.10' },
    });
    expect(other.statusCode).toBe(200);
  });

  it('without a trusted proxy, X-Forwarded-For is ignored entirely', async () => {
    test = await createTestApp('sqlite', { env: { HEARTH_RATE_LIMIT_PER_MINUTE: '5' } });
    const statuses = await spoofedBurst('203.0.113.9', 7, (index) => `198.51.100.${index}`);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('logins through a spoofed X-Forwarded-For are limited per real address', async () => {
    test = await createTestApp('sqlite', { env: { HEARTH_TRUST_PROXY: '10.0.0.5' } });
    const statuses: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '203.0.113.9',
        headers: { 'x-forwarded-for': `198.51.100.${index}`, origin: 'http://localhost:80' },
        payload: { email: `nobody${index}@example.com`, password: 'wrong password!' },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(10);
  });
});
