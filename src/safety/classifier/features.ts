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

/** FNV-1a over UTF-16 code units, salted per feature kind so a word and a char gram never share a hash. */
function hash(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function extractFeatures(text: string, buckets: number): SparseVector {
  const counts = new Map<number, number>();
  const add = (gram: string, salt: number) => {
    const bucket = hash(gram, salt) % buckets;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  const words = featureText(text).match(WORD) ?? [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    add(word, 1);
    if (index + 1 < words.length) add(`${word} ${words[index + 1]}`, 2);
    const padded = ` ${word} `;
    for (let size = 3; size <= 5; size += 1) {
      for (let start = 0; start + size <= padded.length; start += 1)
        add(padded.slice(start, start + size), 3);
    }
  }
  const indices = Uint32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let index = 0; index < indices.length; index += 1) {
    // Sublinear term frequency: a word repeated ten times is not ten times the evidence.
    const value = 1 + Math.log(counts.get(indices[index]) ?? 1);
    values[index] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < values.length; index += 1) values[index] /= norm;
  return { indices, values };
}
