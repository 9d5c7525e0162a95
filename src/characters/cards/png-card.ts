import { decode as decodeText64, encode as encodeTextChunk } from 'png-chunk-text';
import encodeChunks from 'png-chunks-encode';
import { cardToV2Json, cardToV3Json } from './card-json.js';
import { decodeText, parseCardJson } from './json-text.js';
import type { CardLimits } from './limits.js';
import { invalidCard } from './limits.js';
import { type PngChunk, concatBytes, readPngChunks } from './png-chunks.js';
import type { CardV3 } from './types.js';

export interface PngCardContents {
  json: unknown;
  /** The card JSON text exactly as stored in the chunk that was read. */
  text: string;
  /** `__asset:N` → bytes, from legacy `chara-ext-asset_:N` chunks. */
  legacyAssets: Map<string, Uint8Array>;
  /** The PNG without card and asset chunks (other chunks, e.g. `risuai`, kept). */
  image: Uint8Array;
  warnings: string[];
}

export const LEGACY_ASSET = /^chara-ext-asset_:?(\d+)$/i;

/**
 * Reads the card from a PNG: `ccv3` wins over `chara` (ST and RisuAI), keywords match case-insensitively,
 * chunks are found wherever they sit (before or after IDAT), and the JSON's own `spec` decides the version.
 * If `ccv3` is unreadable but `chara` is fine, `chara` is used with a warning.
 */
export function readPngCard(bytes: Uint8Array, limits: CardLimits): PngCardContents {
  const chunks = readPngChunks(bytes, limits);
  const warnings: string[] = [];
  const cardChunks: Record<'ccv3' | 'chara', PngChunk | undefined> = { ccv3: undefined, chara: undefined };
  const legacyAssets = new Map<string, Uint8Array>();
  const dropped = new Set<PngChunk>();
  for (const chunk of chunks) {
    if (chunk.type !== 'tEXt') continue;
    const keyword = readKeyword(chunk.data).toLowerCase();
    if (keyword === 'ccv3' || keyword === 'chara') {
      cardChunks[keyword] ??= chunk;
      dropped.add(chunk);
      continue;
    }
    const asset = LEGACY_ASSET.exec(keyword);
    if (asset) {
      dropped.add(chunk);
      const value = textOf(chunk).trim();
      if (isBase64(value))
        legacyAssets.set(`__asset:${asset[1]}`, new Uint8Array(Buffer.from(value, 'base64')));
      else warnings.push(`The legacy asset chunk ${keyword} is not valid base64 and was skipped.`);
    }
  }
  if (!cardChunks.ccv3 && !cardChunks.chara) {
    throw invalidCard('The PNG has no character card in it (no "chara" or "ccv3" text chunk).');
  }
  let card: DecodedCard | undefined;
  if (cardChunks.ccv3) {
    try {
      card = decodeCardChunk(cardChunks.ccv3, 'ccv3', limits);
    } catch (error) {
      if (!cardChunks.chara) throw error;
      warnings.push(
        `The "ccv3" chunk could not be read (${(error as Error).message}); used "chara" instead.`,
      );
    }
  }
  if (card === undefined && cardChunks.chara) card = decodeCardChunk(cardChunks.chara, 'chara', limits);
  const image = concatBytes([
    bytes.subarray(0, 8),
    ...chunks.filter((chunk) => !dropped.has(chunk)).map((chunk) => bytes.subarray(chunk.start, chunk.end)),
  ]);
  return { json: card!.json, text: card!.text, legacyAssets, image, warnings };
}

/**
 * Writes `chara` (V2 backfill) then `ccv3` before IEND, replacing any card and legacy asset chunks.
 * Other chunks are kept; other text chunks (tEXt/iTXt/zTXt, e.g. `Title`) move after ours, because
 * Agnai and old SillyTavern read only the first text chunk of the file.
 */
export function writePngCard(png: Uint8Array, card: CardV3, limits: CardLimits): Uint8Array {
  const chunks = readPngChunks(png, limits);
  const isText = (chunk: PngChunk) => chunk.type === 'tEXt' || chunk.type === 'iTXt' || chunk.type === 'zTXt';
  const kept = chunks.filter((chunk) => {
    if (chunk.type !== 'tEXt') return true;
    const keyword = readKeyword(chunk.data).toLowerCase();
    return keyword !== 'chara' && keyword !== 'ccv3' && !LEGACY_ASSET.test(keyword);
  });
  const iend = kept.pop()!;
  const cardChunkBytes = encodeChunks([
    encodeTextChunk('chara', toBase64Json(cardToV2Json(card))),
    encodeTextChunk('ccv3', toBase64Json(cardToV3Json(card))),
  ]).subarray(8); // encodeChunks prefixes a PNG signature
  const bytesOf = (chunk: PngChunk) => png.subarray(chunk.start, chunk.end);
  return concatBytes([
    png.subarray(0, 8),
    ...kept.filter((chunk) => !isText(chunk)).map(bytesOf),
    cardChunkBytes,
    ...kept.filter(isText).map(bytesOf),
    bytesOf(iend),
  ]);
}

function toBase64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

export function readKeyword(data: Uint8Array): string {
  const nul = data.subarray(0, 80).indexOf(0);
  return nul === -1 ? '' : String.fromCharCode(...data.subarray(0, nul));
}

function textOf(chunk: PngChunk): string {
  try {
    return decodeText64(chunk.data).text;
  } catch {
    return '\u0000'; // a NUL inside tEXt text: never valid base64
  }
}

function isBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) && compact.length % 4 !== 1;
}

interface DecodedCard {
  json: unknown;
  text: string;
}

/** The JSON text of a `chara`/`ccv3` chunk (base64 or, from a few writers, plain) and its parse. */
export function decodeCardChunk(chunk: PngChunk, keyword: string, limits: CardLimits): DecodedCard {
  const text = textOf(chunk).trim();
  if (text.startsWith('rcc||')) {
    throw invalidCard(
      'The PNG holds a password-encrypted RisuAI card; export it unencrypted from RisuAI first.',
    );
  }
  // A few writers store the JSON itself rather than base64 of it.
  if (text.startsWith('{')) return { text, json: parseCardJson(text, limits, `PNG "${keyword}" chunk`) };
  if (text === '' || !isBase64(text)) throw invalidCard(`The PNG "${keyword}" chunk is not valid base64.`);
  const decoded = decodeText(Buffer.from(text, 'base64'));
  return { text: decoded, json: parseCardJson(decoded, limits, `PNG "${keyword}" chunk`) };
}
