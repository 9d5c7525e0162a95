import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

function sortedStringify(value: unknown): string {
  const sort = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(sort)
      : item && typeof item === 'object'
        ? Object.fromEntries(
            Object.keys(item)
              .sort()
              .map((key) => [key, sort((item as Record<string, unknown>)[key])]),
          )
        : item;
  return JSON.stringify(sort(value));
}

describe('canonicalJson', () => {
  it('writes the same text as sorted JSON.stringify (hashes of stored keys stay valid)', () => {
    const samples = [
      null,
      'x',
      3.5,
      [],
      {},
      { b: 1, a: [1, { d: 'é"\\', c: null }], e: { z: true, y: [[], {}] } },
      [{ b: undefined, a: 1 }, undefined],
      { '\u2028key': 'line\nbreak' },
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(sortedStringify(sample));
  });

  it('issue 13 item 10: a 10,000-deep value is a 400 json_too_deep, not a stack overflow', () => {
    let deep: unknown = [];
    for (let level = 0; level < 10_000; level += 1) deep = [deep];
    expect(() => canonicalJson({ a: deep })).toThrow(
      expect.objectContaining({ code: 'json_too_deep', status: 400 }),
    );
    let ok: unknown = {};
    for (let level = 0; level < 63; level += 1) ok = { k: ok };
    expect(canonicalJson(ok)).toBe(sortedStringify(ok));
  });
});
