import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertWinkJson, readBinary } from './glove-binary.js';
import { createSifEmbedder, embedWithVectors, sifWeight } from './sif-embedder.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-glove-test-'));

/** A file in the wink package's layout: `{..., vectors: {word: [d0, d1, d2, l2norm, rank]}}`. */
function winkFile(entries: [string, number[]][]): string {
  const vectors = Object.fromEntries(entries.map(([word, values], rank) => [word, [...values, 1, rank]]));
  const file = path.join(dir, `wink-${Math.random()}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      precision: 8,
      l2NormIndex: 3,
      wordIndex: 4,
      size: entries.length,
      dimensions: 3,
      words: entries.map((e) => e[0]),
      vectors,
      unkVector: [0, 0, 0, 0, -1],
    }),
  );
  return file;
}

describe('GloVe binary', () => {
  it('converts the wink JSON into int8 vectors in rank order, words with quotes and brackets included', () => {
    const source = winkFile([
      ['the', [0.1, 0.2, 0.3]],
      ['say "hi"', [1, -1, 0.5]],
      [']', [-0.5, 0.25, 1]],
    ]);
    const out = path.join(dir, 'a.bin');
    expect(convertWinkJson(source, out)).toEqual({ count: 3, dimensions: 3 });
    const vectors = readBinary(out);
    expect(vectors.rankOf('say "hi"')).toBe(1);
    expect(vectors.rankOf(']')).toBe(2);
    expect(vectors.rankOf('missing')).toBeUndefined();
    const target = new Float32Array(3);
    vectors.addScaled(target, 1, 1);
    expect(target[0]).toBeCloseTo(1, 1);
    expect(target[1]).toBeCloseTo(-1, 1);
    expect(target[2]).toBeCloseTo(0.5, 1);
  });

  it('rejects a file that is not a vector file', () => {
    const bad = path.join(dir, 'bad.bin');
    fs.writeFileSync(bad, 'nope nope nope nope');
    expect(() => readBinary(bad)).toThrow(/not a Hearth word-vector file/);
  });

  it('SIF weights frequent words down and rare words up', () => {
    expect(sifWeight(0, 400_000)).toBeLessThan(0.05);
    expect(sifWeight(5_000, 400_000)).toBeGreaterThan(0.9);
  });

  it('embeds as the SIF-weighted mean, unit length; unknown words add nothing', () => {
    const source = winkFile([
      ['the', [1, 0, 0]],
      ['cat', [0, 1, 0]],
    ]);
    const out = path.join(dir, 'b.bin');
    convertWinkJson(source, out);
    const vector = embedWithVectors(readBinary(out), 'The CAT zzzz');
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(vector[1]).toBeGreaterThan(vector[0]);
    expect([...embedWithVectors(readBinary(out), 'zzzz qqqq')]).toEqual([0, 0, 0]);
  });
});

describe('SIF embedder on the packaged GloVe vectors', () => {
  // Converted once per machine (a few seconds); later runs reuse the file.
  const binaryFile = path.join(os.tmpdir(), 'hearth-test-glove', 'glove-100d.bin');

  it('places related sentences closer than unrelated ones', { timeout: 180_000 }, async () => {
    const embedder = createSifEmbedder({ binaryFile });
    const [cat, kitten, finance] = await embedder.embed([
      'The cat rested on the carpet.',
      'A kitten slept on the rug.',
      'Quarterly revenue exceeded the analysts forecast.',
    ]);
    expect(cat).toHaveLength(100);
    const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i], 0);
    expect(cosine(cat, kitten)).toBeGreaterThan(cosine(cat, finance) + 0.1);
  });
});
