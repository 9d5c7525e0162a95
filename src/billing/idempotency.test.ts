import { describe, expect, it } from 'vitest';
import { requestHash } from './idempotency.js';

describe('requestHash', () => {
  it('ignores key order but not values, method or path', () => {
    const base = { method: 'POST', path: '/api/gifts', body: { chatId: 'c', giftId: 'rose' } };
    expect(requestHash(base)).toBe(requestHash({ ...base, body: { giftId: 'rose', chatId: 'c' } }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, body: { chatId: 'c', giftId: 'ring' } }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, path: '/api/other' }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, method: 'PUT' }));
  });
});
