import { describe, expect, it } from 'vitest';
import { memoByText, wordSetOf } from './text.js';

describe('memoByText', () => {
  it('computes once per text and forgets the oldest text beyond its capacity', () => {
    const seen: string[] = [];
    const length = memoByText((text) => {
      seen.push(text);
      return text.length;
    }, 2);
    expect([length('ab'), length('ab'), length('abc')]).toEqual([2, 2, 3]);
    expect(seen).toEqual(['ab', 'abc']);
    length('abcd');
    length('ab');
    expect(seen).toEqual(['ab', 'abc', 'abcd', 'ab']);
  });

  it('wordSetOf gives the distinct lower-cased words', () => {
    expect([...wordSetOf('Sam: Sam painted the lake, the LAKE!')]).toEqual(['sam', 'painted', 'the', 'lake']);
  });
});
