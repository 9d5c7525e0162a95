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

  it('is null without a time expression', () => {
    expect(timeRangeOf('what is my favourite colour', now)).toBeNull();
  });
});
