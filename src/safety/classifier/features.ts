/**
 * Hashed n-gram features for the linear safety classifier: word 1–2-grams and character 3–5-grams
 * (within word boundaries, so "skill" does not light up "kill" through a stray space) hashed into a
 * fixed number of buckets. The hashing trick keeps the weight file a fixed size with no vocabulary
 * to ship, and character n-grams carry misspellings, slang and leetspeak the word n-grams miss.
 */
export interface SparseVector {
  /** Bucket ids, ascending, unique. */
  indices: Uint32Array;
  /** L2-normalised values, one per index. */
  values: Float32Array;
}

const WORD = /[\p{L}\p{N}']+/gu;
const MAX_CHARS = 4000;

/** Lower-case, fold accents, squeeze letters stretched past two ("sooooo" → "soo"). */
export function featureText(text: string): string {
  return text
    .slice(0, MAX_CHARS)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\p{L})\1{2,}/gu, '$1$1');
}

/**
 * FNV-1a over UTF-16 code units of `text[from, to)`, continuing from `h` (so a bigram hashes as
 * one string without being built), salted per feature kind so a word and a char gram never share
 * a hash. No substring is allocated: this loop is most of the classifier's time.
 */
const FNV_OFFSET = 0x811c9dc5;
function hashRange(h: number, text: string, from: number, to: number): number {
  let state = h;
  for (let index = from; index < to; index += 1)
    state = Math.imul(state ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return state;
}

const SPACE = ' ';

export function extractFeatures(text: string, buckets: number): SparseVector {
  const words = featureText(text).match(WORD) ?? [];
  const grams: number[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    const wordHash = hashRange((FNV_OFFSET ^ 1) >>> 0, word, 0, word.length);
    grams.push(wordHash % buckets);
    if (index + 1 < words.length) {
      const next = words[index + 1];
      const bigram = hashRange(
        hashRange(hashRange((FNV_OFFSET ^ 2) >>> 0, word, 0, word.length), SPACE, 0, 1),
        next,
        0,
        next.length,
      );
      grams.push(bigram % buckets);
    }
    const padded = ` ${word} `;
    for (let size = 3; size <= 5; size += 1) {
      for (let from = 0; from + size <= padded.length; from += 1)
        grams.push(hashRange((FNV_OFFSET ^ 3) >>> 0, padded, from, from + size) % buckets);
    }
  }
  grams.sort((a, b) => a - b);
  const indices: number[] = [];
  const counts: number[] = [];
  for (const bucket of grams) {
    if (indices.length && indices[indices.length - 1] === bucket) counts[counts.length - 1] += 1;
    else {
      indices.push(bucket);
      counts.push(1);
    }
  }
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let index = 0; index < indices.length; index += 1) {
    // Sublinear term frequency: a word repeated ten times is not ten times the evidence.
    const value = 1 + Math.log(counts[index]);
    values[index] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < values.length; index += 1) values[index] /= norm;
  return { indices: Uint32Array.from(indices), values };
}
