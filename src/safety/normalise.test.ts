import { describe, expect, it } from 'vitest';
import { normalise } from './normalise.js';

describe('normalise', () => {
  it.each([
    ['zero-width characters', 'k\u200Bi\u200Cl\u200Dl', 'kill'],
    ['Cyrillic look-alikes', 'рοіѕоn', 'poison'],
    ['full-width letters (NFKC)', 'ｂｏｍｂ', 'bomb'],
    ['accents', 'nüdé', 'nude'],
    ['spaced letters', 'b o m b', 'bomb'],
    ['dotted letters', 's.e.x', 'sex'],
    ['stretched letters', 'nooooo waaaay', 'noo waay'],
    ['curly apostrophes', 'i’m', "i'm"],
  ])('%s', (_label, input, expected) => {
    expect(normalise(input).base).toBe(expected);
  });

  it('decodes leetspeak only inside words and keeps ages and units', () => {
    const result = normalise('k1ll 5h1t at 15 and 15yo 5ft');
    expect(result.leet).toBe('kill shit at 15 and 15yo 5ft');
    expect(result.base).toContain('k1ll');
  });

  it('squeezes stretched letters fully in the second view', () => {
    expect(normalise('myyyyself').leet).toBe('myself');
  });

  it('always returns one-byte strings for Latin text (one compiled regex per rule)', () => {
    // Strings that went through NFD would otherwise stay two-byte in V8; equality is the visible part.
    expect(normalise('piñata').base).toBe('pinata');
  });
});
