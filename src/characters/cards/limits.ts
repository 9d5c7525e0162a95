import { PayloadTooLarge, Unprocessable } from '../../errors.js';

/** Caps applied while reading an untrusted card file. */
export interface CardLimits {
  /** Whole file (HEARTH_UPLOAD_LIMIT, default 20 MiB); over it → 413 `payload_too_large`. */
  maxBytes: number;
  /** Card JSON text (a file, a PNG chunk or card.json). */
  maxJsonBytes: number;
  /** Nesting of arrays/objects, checked before parsing. */
  maxJsonDepth: number;
  /** Members of a CHARX archive. */
  maxZipEntries: number;
  /** Sum of inflated CHARX members (declared sizes and actual output both count). */
  maxUncompressedBytes: number;
  /** Per member, inflated / compressed, for members over 1 MiB inflated. */
  maxCompressionRatio: number;
  /** Whole archive, declared inflated / compressed, for archives over 4 MiB inflated (issue 13 item 6). */
  maxArchiveRatio: number;
  /** Width and height of the avatar image. */
  maxImageDimension: number;
  /** Width × height of the avatar image. */
  maxImagePixels: number;
  /** PNG chunks in one file (APNG frames included). */
  maxPngChunks: number;
  /**
   * JSON bytes of `data.extensions` plus keys outside the spec (root and `data`): kept for lossless
   * export, but bounded (issue 13 item 7: each import could store ~15 MB of arbitrary JSON).
   */
  maxExtensionBytes: number;
}

const MiB = 1_048_576;

export const DEFAULT_CARD_LIMITS: Readonly<CardLimits> = Object.freeze({
  maxBytes: 20 * MiB,
  maxJsonBytes: 16 * MiB,
  maxJsonDepth: 100,
  maxZipEntries: 1000,
  maxUncompressedBytes: 100 * MiB,
  maxCompressionRatio: 200,
  // Real CHARX archives are mostly images and audio (already compressed): well under 10.
  maxArchiveRatio: 50,
  maxImageDimension: 8192,
  maxImagePixels: 50_000_000,
  maxPngChunks: 100_000,
  maxExtensionBytes: MiB,
});

export function resolveLimits(limits?: Partial<CardLimits>): CardLimits {
  return { ...DEFAULT_CARD_LIMITS, ...limits };
}

/** The one error for every malformed card: 422 `invalid_card` with a message naming the problem. */
export function invalidCard(message: string): Unprocessable {
  return new Unprocessable('invalid_card', message);
}

export function tooLarge(what: string, limit: number): PayloadTooLarge {
  return new PayloadTooLarge(
    'payload_too_large',
    `${what} is larger than the limit of ${formatBytes(limit)}.`,
  );
}

export function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MiB` : `${bytes} bytes`;
}
