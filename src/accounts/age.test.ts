import { describe, expect, it } from 'vitest';
import { ageOn, isAdult, isPlausibleBirthDate } from './age.js';

describe('age', () => {
  const today = new Date('2026-11-26T12:00:00Z');

  it('counts a birthday on the day itself', () => {
    expect(ageOn('2008-11-26', today)).toBe(18);
    expect(ageOn('2008-11-27', today)).toBe(17);
    expect(isAdult('2008-11-26', today)).toBe(true);
    expect(isAdult('2008-11-27', today)).toBe(false);
  });

  it('rejects impossible and future dates', () => {
    expect(isPlausibleBirthDate('2001-02-30', today)).toBe(false);
    expect(isPlausibleBirthDate('2030-01-01', today)).toBe(false);
    expect(isPlausibleBirthDate('1899-01-01', today)).toBe(false);
    expect(isPlausibleBirthDate('1990-5-1', today)).toBe(false);
    expect(isPlausibleBirthDate('1990-05-01', today)).toBe(true);
  });
});
