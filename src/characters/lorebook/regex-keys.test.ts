import { describe, expect, it } from 'vitest';
import { compileRegexKey, isRegexKey, testRegexKey } from './regex-keys.js';

describe('regex keys', () => {
  it('recognises /pattern/flags keys only', () => {
    expect(isRegexKey('/dra(gon|ke)/i')).toBe(true);
    expect(isRegexKey('dragon')).toBe(false);
    expect(isRegexKey('/unterminated')).toBe(false);
  });

  it.each([
    ['/(a+)+$/', /nested quantifiers/],
    ['/(\\w*\\s?)*x/', /nested quantifiers/],
    ['/(a)\\1/', /backreferences/],
    ['/(?<x>a)\\k<x>/', /backreferences/],
    ['/abc/q', /invalid flags/],
    ['/abc/ii', /invalid flags/],
    ['/[unclosed/', /Invalid regular expression|Unterminated/],
    [`/${'a'.repeat(301)}/`, /longer than 300/],
  ])('rejects %s', (key, reason) => {
    const result = compileRegexKey(key);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('accepts ordinary patterns and drops the stateful g/y flags', () => {
    const result = compileRegexKey('/\\bdra(gon|ke)s?\\b/gi');
    expect(result.ok && result.regex.flags).toBe('i');
    expect(result.ok && testRegexKey(result.regex, 'Two DRAGONS')).toBe(true);
    expect(result.ok && testRegexKey(result.regex, 'Two DRAGONS')).toBe(true); // no lastIndex carry-over
  });

  it('stops a catastrophic pattern that slips past validation, and never runs it again', () => {
    const evil = /^(a|a)*$/; // star height 1, still exponential
    const text = `${'a'.repeat(40)}b`;
    const started = performance.now();
    expect(testRegexKey(evil, text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    const again = performance.now();
    expect(testRegexKey(evil, 'aaa')).toBe(false);
    expect(performance.now() - again).toBeLessThan(5);
  });
});

describe('testRegexKeys (batch)', () => {
  it('matches like single tests and isolates a runaway key when the batch times out', async () => {
    const { testRegexKeys } = await import('./regex-keys.js');
    const good = [/cat/i, /dog/];
    expect(testRegexKeys(good, 'A CAT')).toEqual([true, false]);
    const evil = /(b|b)*d/; // exponential on a run of b's with no d
    const started = performance.now();
    expect(testRegexKeys([good[0], evil], `A CAT ${'b'.repeat(40)}c`)).toEqual([true, false]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
