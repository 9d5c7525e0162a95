import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { defaultRetry, parseRetryAfter, retryDelay } from './http-stream.js';

describe('retry policy', () => {
  it('reads Retry-After in seconds, as an HTTP date, and OpenAI retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }), now)).toBe(
      10_000,
    );
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped, and stops at the attempt limit or a fatal error', () => {
    const busy = new ProviderError('upstream_unavailable', 'busy', { retryable: true });
    const retry = { ...defaultRetry, maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(busy, attempt, retry, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelay(busy, 1, retry, () => 0)).toBe(50);
    expect(retryDelay(busy, 6, retry)).toBeUndefined();
    expect(retryDelay(new ProviderError('upstream_bad_request', 'no'), 1, retry)).toBeUndefined();
  });
});
