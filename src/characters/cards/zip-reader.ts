import { Inflate } from 'fflate';
import { crc32 } from 'node:zlib';
import type { CardLimits } from './limits.js';
import { formatBytes, invalidCard } from './limits.js';

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const SLICE = 4096;
const MiB = 1_048_576;

/** Inflated bytes between two yields to the event loop (other requests run in between). */
const YIELD_EVERY = MiB;
/** Below this much declared content the archive-wide ratio is not checked (small text-only cards). */
const RATIO_FLOOR = 4 * MiB;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads a zip (CHARX) from untrusted bytes. Own central-directory parser (Zip64 included) so every
 * declared size, name and count is checked before inflating; inflation then uses fflate's streaming
 * `Inflate` fed 4 KiB at a time, counting output as it goes, so a member that lies about its size is
 * stopped within a few MiB. Data before the archive (RisuAI's JPEG-prefixed CHARX) is tolerated: the
 * prefix is derived from where the central directory really is. Returns members in archive order.
 *
 * Issue 13 item 6 (a 115 KB archive of 99 members of ~1 MiB of zeros stalled the server ~10 s): the
 * declared sizes are checked as a whole — total and ratio across the archive — before anything is
 * inflated; `card.json` is inflated first, then the other members (kept for lossless export), and
 * inflation yields to the event loop every MiB so other requests are served during an import.
 */
export async function readZip(
  bytes: Uint8Array,
  limits: CardLimits,
  /** Called with each member as it is inflated (card.json first); throwing stops the read. */
  onMember?: (name: string, content: Uint8Array) => void,
): Promise<Map<string, Uint8Array>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const u16 = (at: number) => view.getUint16(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const eocd = findEocd(bytes, view);
  if (eocd === -1)
    throw invalidCard('The file is not a CHARX/zip archive (no end-of-central-directory record).');

  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  let cdEnd = eocd;
  const locator = eocd - 20;
  if (locator >= 0 && u32(locator) === ZIP64_LOCATOR) {
    // The record normally sits right before the locator; with extensible data, trust the locator's offset.
    let record = locator - 56;
    if (record < 0 || u32(record) !== ZIP64_EOCD) record = u64(locator + 8);
    if (record < 0 || record + 56 > locator || u32(record) !== ZIP64_EOCD) {
      throw invalidCard('The CHARX archive has a broken Zip64 record.');
    }
    count = u64(record + 32);
    cdSize = u64(record + 40);
    cdOffset = u64(record + 48);
    cdEnd = record;
  }
  const cdStart = cdEnd - cdSize;
  const prefix = cdStart - cdOffset;
  if (cdStart < 0 || prefix < 0)
    throw invalidCard('The CHARX archive is truncated (central directory out of range).');
  if (count > limits.maxZipEntries) {
    throw invalidCard(`The CHARX archive has ${count} entries; the limit is ${limits.maxZipEntries}.`);
  }

  const entries: CentralEntry[] = [];
  let at = cdStart;
  let declaredTotal = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdEnd || u32(at) !== CENTRAL)
      throw invalidCard('The CHARX archive has a corrupted central directory.');
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    if (at + 46 + nameLength + extraLength > cdEnd)
      throw invalidCard('The CHARX archive has a corrupted central directory.');
    const entry: CentralEntry = {
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: u16(at + 8),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
    };
    applyZip64Extra(entry, view, at + 46 + nameLength, extraLength);
    checkEntryName(entry.name);
    if (entry.flags & 1) throw invalidCard(`The CHARX entry ${entry.name} is encrypted.`);
    declaredTotal += entry.size;
    if (declaredTotal > limits.maxUncompressedBytes) throw bomb(limits);
    if (entry.size > MiB && entry.size / Math.max(1, entry.compressedSize) > limits.maxCompressionRatio) {
      throw invalidCard(
        `The CHARX entry ${entry.name} has a suspicious compression ratio (possible zip bomb).`,
      );
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  const compressedTotal = entries.reduce((sum, entry) => sum + entry.compressedSize, 0);
  if (declaredTotal > RATIO_FLOOR && declaredTotal / Math.max(1, compressedTotal) > limits.maxArchiveRatio) {
    throw invalidCard(
      `The CHARX archive expands ${Math.round(declaredTotal / Math.max(1, compressedTotal))} times its packed size; the limit is ${limits.maxArchiveRatio} (possible zip bomb).`,
    );
  }
  // card.json first: a broken card is refused before any asset is inflated.
  entries.sort((a, b) => Number(b.name === 'card.json') - Number(a.name === 'card.json'));

  const files = new Map<string, Uint8Array>();
  let inflatedTotal = 0;
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (const entry of entries) {
    if (files.has(entry.name)) throw invalidCard(`The CHARX archive has two entries named ${entry.name}.`);
    const local = prefix + entry.localOffset;
    if (local + 30 > bytes.length || u32(local) !== LOCAL) {
      throw invalidCard(`The CHARX entry ${entry.name} points outside the archive.`);
    }
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + entry.compressedSize > bytes.length)
      throw invalidCard(`The CHARX entry ${entry.name} is truncated.`);
    const raw = bytes.subarray(start, start + entry.compressedSize);
    if (entry.name.endsWith('/')) continue; // directory
    const content = await extract(entry, raw, limits.maxUncompressedBytes - inflatedTotal, limits);
    inflatedTotal += content.length;
    onMember?.(entry.name, content);
    files.set(entry.name, content);
  }
  // Archive order, as the members were written (lossless export writes them back in this order).
  return new Map(
    ordered.filter((entry) => files.has(entry.name)).map((entry) => [entry.name, files.get(entry.name)!]),
  );
}

function findEocd(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - 22 - 65_535);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return -1;
}

function applyZip64Extra(entry: CentralEntry, view: DataView, start: number, length: number): void {
  const needs =
    entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff;
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > Math.min(at + 4 + size, start + length))
          throw invalidCard(`The CHARX entry ${entry.name} has a broken Zip64 field.`);
        const value = Number(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      return;
    }
    at += 4 + size;
  }
  if (needs) throw invalidCard(`The CHARX entry ${entry.name} needs a Zip64 field it does not have.`);
}

/** Refuses names that could escape a directory if anyone ever wrote them to disk. */
function checkEntryName(name: string): void {
  const segments = name.split('/');
  if (
    name === '' ||
    name.includes('\\') ||
    name.includes('\u0000') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    segments.some((segment) => segment === '..' || segment === '.')
  ) {
    throw invalidCard(`The CHARX archive has an unsafe entry name: ${JSON.stringify(name.slice(0, 100))}.`);
  }
}

async function extract(
  entry: CentralEntry,
  raw: Uint8Array,
  budget: number,
  limits: CardLimits,
): Promise<Uint8Array> {
  let content: Uint8Array;
  if (entry.method === 0) {
    if (raw.length !== entry.size)
      throw invalidCard(`The CHARX entry ${entry.name} is corrupted (size mismatch).`);
    content = raw.slice();
  } else if (entry.method === 8) {
    const parts: Uint8Array[] = [];
    let produced = 0;
    const inflate = new Inflate((chunk) => {
      produced += chunk.length;
      if (produced > entry.size)
        throw invalidCard(`The CHARX entry ${entry.name} inflates beyond its declared size.`);
      if (produced > budget) throw bomb(limits);
      parts.push(chunk);
    });
    try {
      let nextYield = YIELD_EVERY;
      for (let at = 0; at < raw.length; at += SLICE) {
        inflate.push(raw.subarray(at, Math.min(raw.length, at + SLICE)), at + SLICE >= raw.length);
        if (produced >= nextYield || at % YIELD_EVERY === 0) {
          nextYield = produced + YIELD_EVERY;
          await yieldToEventLoop();
        }
      }
      if (raw.length === 0) inflate.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'invalid_card')
        throw error;
      throw invalidCard(`The CHARX entry ${entry.name} is corrupted (${(error as Error).message}).`);
    }
    content = new Uint8Array(produced);
    let offset = 0;
    for (const part of parts) {
      content.set(part, offset);
      offset += part.length;
    }
  } else {
    throw invalidCard(`The CHARX entry ${entry.name} uses unsupported compression method ${entry.method}.`);
  }
  if (content.length !== entry.size)
    throw invalidCard(`The CHARX entry ${entry.name} is corrupted (size mismatch).`);
  if (crc32(content) !== entry.crc)
    throw invalidCard(`The CHARX entry ${entry.name} is corrupted (CRC mismatch).`);
  return content;
}

function bomb(limits: CardLimits) {
  return invalidCard(
    `The CHARX archive expands to more than ${formatBytes(limits.maxUncompressedBytes)} (possible zip bomb).`,
  );
}
