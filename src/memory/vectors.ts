/** Float32Array ⇄ database bytes (BLOB on SQLite, bytea on PostgreSQL), little endian. */
export function vectorToBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

export function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) sum += left[index] * right[index];
  return sum;
}

/** `dot(vector, rows[row])` for rows of `vector.length` values laid end to end, without a view per row. */
export function dotRow(vector: Float32Array, rows: Float32Array, row: number): number {
  const dimensions = vector.length;
  const offset = row * dimensions;
  let sum = 0;
  for (let index = 0; index < dimensions; index += 1) sum += vector[index] * rows[offset + index];
  return sum;
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  const out = new Float32Array(vector.length);
  for (let index = 0; index < vector.length; index += 1) out[index] = vector[index] / norm;
  return out;
}
