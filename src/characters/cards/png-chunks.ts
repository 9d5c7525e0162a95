import { crc32 } from 'node:zlib';
import type { CardLimits } from './limits.js';
import { invalidCard } from './limits.js';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk located in the file: `start` is the length field, `end` is just past the CRC. */
export interface PngChunk {
  type: string;
  start: number;
  end: number;
  data: Uint8Array;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((value, index) => bytes[index] === value);
}

/**
 * Walks a PNG chunk by chunk with bounds checks before anything is read or allocated. We do not hand
 * untrusted files to png-chunks-extract: it allocates whatever a chunk's length field claims (up to
 * 4 GiB) and reads past the end of truncated files as zeros. Chunk data are views, not copies.
 */
export function readPngChunks(bytes: Uint8Array, limits: CardLimits): PngChunk[] {
  if (!isPng(bytes)) throw invalidCard('The file is not a PNG image (bad signature).');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  for (;;) {
    if (offset + 12 > bytes.length)
      throw invalidCard('The PNG file is truncated (it ends before its IEND chunk).');
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type))
      throw invalidCard(`The PNG file is corrupted (bad chunk type at byte ${offset}).`);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) {
      throw invalidCard(`The PNG file is truncated (the ${type} chunk runs past the end of the file).`);
    }
    if (chunks.length === 0 && type !== 'IHDR')
      throw invalidCard('The PNG file is corrupted (IHDR must come first).');
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const expected = view.getUint32(offset + 8 + length);
    if (crc32(data, crc32(bytes.subarray(offset + 4, offset + 8))) !== expected) {
      throw invalidCard(`The PNG file is corrupted (CRC mismatch in the ${type} chunk).`);
    }
    chunks.push({ type, start: offset, end, data });
    if (chunks.length > limits.maxPngChunks) {
      throw invalidCard(`The PNG file has more than ${limits.maxPngChunks} chunks.`);
    }
    offset = end;
    if (type === 'IEND') return chunks;
  }
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
