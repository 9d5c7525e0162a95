import { describe, expect, it } from 'vitest';
import { isWithin, timeRangeOf } from './time-range.js';

const now = new Date('2026-05-20T12:00:00Z');

describe('timeRangeOf', () => {
  it('reads month and year', () => {
    const range = timeRangeOf('What did I do in March 2025?', now)!;
    expect(range.from.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(range.to.toISOString()).toBe('2025-04-01T00:00:00.000Z');
  });

  it('reads a bare year and relative days', () => {
    expect(timeRangeOf('back in 2019', now)!.from.toISOString()).toBe('2019-01-01T00:00:00.000Z');
    const yesterday = timeRangeOf('what did we talk about yesterday', now)!;
    expect(isWithin('2026-05-19T18:00:00.000Z', yesterday)).toBe(true);
    expect(isWithin('2026-05-20T08:00:00.000Z', yesterday)).toBe(false);
    expect(isWithin('2026-05-06T08:00:00.000Z', timeRangeOf('two weeks ago', now)!)).toBe(true);
  });

  it('reads a named day, counting the days after it when it was told', () => {
    for (const question of [
      'What did I do on 25 May, 2025?',
      'what happened on the 25th of may 2025',
      'What did we plan on May 25, 2025?',
      'as mentioned on 25 may 2025',
    ]) {
      const range = timeRangeOf(question, now)!;
      expect(range.from.toISOString()).toBe('2025-05-24T00:00:00.000Z');
      expect(range.to.toISOString()).toBe('2025-06-02T00:00:00.000Z');
    }
  });

  it('reads a month with a comma or an abbreviation before the year', () => {
    for (const question of ['What did I do in May, 2025?', 'back in Sep 2025', 'since sept. 2025']) {
      const range = timeRangeOf(question, now)!;
      expect(range.to.getTime() - range.from.getTime()).toBeGreaterThan(27 * 86_400_000);
      expect(range.to.getTime() - range.from.getTime()).toBeLessThan(32 * 86_400_000);
    }
  });

  it('is null without a time expression', () => {
    expect(timeRangeOf('what is my favourite colour', now)).toBeNull();
  });
});
