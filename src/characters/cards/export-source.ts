import { crc32 } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { isRecord } from '../lorebook/coerce.js';
import { applyCardEdits, type CardEdits, hasEdits, stringifyLike, v2Backfill } from './apply-card-edits.js';
import { embeddedPath } from './assets.js';
import { exportCard } from './export-card.js';
import { placeholderPng, toPng } from './image-check.js';
import { importCard } from './import-card.js';
import { DEFAULT_CARD_LIMITS, invalidCard } from './limits.js';
import { LEGACY_ASSET, decodeCardChunk, readKeyword } from './png-card.js';
import { concatBytes, isPng, readPngChunks } from './png-chunks.js';
import type { CardFormat, CardSource, ExportedCard } from './types.js';

export interface SourceExportOptions {
  /** The character's current avatar, used when the card brought no image of its own. */
  avatar?: Uint8Array;
  /** The user replaced the avatar in Hearth: a PNG export uses `avatar` instead of the original image. */
  avatarReplaced?: boolean;
}

const utf8 = new TextEncoder();

/**
 * Exports an imported card from the card the user gave us (issue 22 item 4): the original JSON with
 * only `edits` applied. Without edits a JSON, PNG or CHARX export of a card imported in that format is
 * the original text, file or members byte for byte (a CHARX is re-zipped, its members unchanged).
 * Across formats: a PNG carries a V3 card as `chara` (V2 backfill) then `ccv3` and a CHARX's assets as
 * RisuAI `chara-ext-asset_:N` chunks; a CHARX written from a PNG or JSON card is V3 with its assets
 * as members.
 */
export async function exportFromSource(
  source: CardSource,
  edits: CardEdits,
  format: CardFormat,
  options: SourceExportOptions = {},
): Promise<ExportedCard> {
  if (format === 'json') {
    return {
      bytes: utf8.encode(editedText(source.text, edits)),
      mime: 'application/json',
      extension: 'json',
    };
  }
  if (format === 'png') {
    return { bytes: await pngFromSource(source, edits, options), mime: 'image/png', extension: 'png' };
  }
  if (format === 'charx') {
    return {
      bytes: await charxFromSource(source, edits, options),
      mime: 'application/zip',
      extension: 'charx',
    };
  }
  throw invalidCard(`Unknown export format "${String(format)}".`);
}

function editedText(original: string, edits: CardEdits): string {
  if (!hasEdits(edits)) return original;
  return stringifyLike(original, applyCardEdits(JSON.parse(original), edits));
}

async function pngFromSource(source: CardSource, edits: CardEdits, options: SourceExportOptions) {
  const original = source.files.find((file) => file.kind === 'png')?.bytes;
  if (original && !options.avatarReplaced) return rewriteCardChunks(original, edits);
  if (original) {
    // Same card chunks (and RisuAI asset chunks), on the image the user chose.
    const edited = rewriteCardChunks(original, edits);
    const kept = readPngChunks(edited, DEFAULT_CARD_LIMITS)
      .filter((chunk) => {
        const keyword = chunk.type === 'tEXt' ? readKeyword(chunk.data).toLowerCase() : '';
        return keyword === 'chara' || keyword === 'ccv3' || LEGACY_ASSET.test(keyword);
      })
      .map((chunk) => edited.subarray(chunk.start, chunk.end));
    return insertBeforeIend(await imageFor(options.avatar), kept);
  }
  const card = applyCardEdits(JSON.parse(source.text), edits);
  if (!isRecord(card)) throw invalidCard('The stored card is not a JSON object.');
  const assetChunks: Uint8Array[] = [];
  const members = new Map(memberFiles(source).map((file) => [file.path, file.bytes]));
  const data = isRecord(card.data) ? card.data : undefined;
  if (card.spec === 'chara_card_v3' && data && Array.isArray(data.assets)) {
    // RisuAI's V3 PNG layout: each embedded asset as a base64 chunk, referenced as `__asset:N`.
    data.assets = data.assets.map((descriptor, index) => {
      const path =
        isRecord(descriptor) && typeof descriptor.uri === 'string' ? embeddedPath(descriptor.uri) : undefined;
      const bytes = path === undefined ? undefined : members.get(path);
      if (!bytes || !isRecord(descriptor)) return descriptor;
      assetChunks.push(textChunk(`chara-ext-asset_:${index}`, Buffer.from(bytes).toString('base64')));
      return { ...descriptor, uri: `__asset:${index}` };
    });
  }
  const cardChunks =
    card.spec === 'chara_card_v3'
      ? [textChunk('chara', base64Json(v2Backfill(card))), textChunk('ccv3', base64Json(card))]
      : [textChunk('chara', base64Json(card))];
  return insertBeforeIend(await imageFor(options.avatar), [...cardChunks, ...assetChunks]);
}

/** The PNG with each `chara`/`ccv3` chunk's card edited in place; the very same bytes without edits. */
function rewriteCardChunks(png: Uint8Array, edits: CardEdits): Uint8Array {
  if (!hasEdits(edits)) return png;
  const chunks = readPngChunks(png, DEFAULT_CARD_LIMITS);
  return concatBytes([
    png.subarray(0, 8),
    ...chunks.map((chunk) => {
      const keyword = chunk.type === 'tEXt' ? readKeyword(chunk.data) : '';
      if (!/^(chara|ccv3)$/i.test(keyword)) return png.subarray(chunk.start, chunk.end);
      const { text, json } = decodeCardChunk(chunk, keyword, DEFAULT_CARD_LIMITS);
      return textChunk(
        keyword,
        Buffer.from(stringifyLike(text, applyCardEdits(json, edits))).toString('base64'),
      );
    }),
  ]);
}

async function charxFromSource(source: CardSource, edits: CardEdits, options: SourceExportOptions) {
  if (source.format === 'charx') {
    // Unedited: the archive as uploaded, byte for byte (a re-zip would keep every member but not the
    // packing). Cards imported before the archive was kept have only their members.
    const archive = source.files.find((file) => file.kind === 'archive')?.bytes;
    if (archive && !hasEdits(edits) && !options.avatarReplaced) return archive;
    const zip: Zippable = { 'card.json': [utf8.encode(editedText(source.text, edits)), { level: 6 }] };
    for (const file of memberFiles(source))
      zip[file.path] = [file.bytes, { level: isMedia(file.path) ? 0 : 6 }];
    return zipSync(zip);
  }
  // A PNG or JSON card has no CHARX of its own: read the edited card back and write it the CHARX way
  // (V3 card.json, legacy and data: assets as members, the image as the main icon).
  const png = source.files.find((file) => file.kind === 'png')?.bytes;
  const edited = png ? rewriteCardChunks(png, edits) : utf8.encode(editedText(source.text, edits));
  const card = await importCard(edited);
  const avatar = options.avatarReplaced ? options.avatar : (card.avatar ?? options.avatar);
  const written = await exportCard(card.card, 'charx', { avatar, assets: card.assets, files: card.files });
  return written.bytes;
}

function memberFiles(source: CardSource) {
  return source.files.filter((file) => file.kind === 'member');
}

function isMedia(path: string): boolean {
  return /\.(png|jpe?g|webp|gif|avif|mp3|ogg|mp4|webm)$/i.test(path);
}

async function imageFor(avatar: Uint8Array | undefined): Promise<Uint8Array> {
  if (!avatar) return placeholderPng();
  return isPng(avatar) ? avatar : toPng(avatar, DEFAULT_CARD_LIMITS);
}

function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** A tEXt chunk: keyword, NUL, Latin-1 text (our texts are base64, so ASCII). */
function textChunk(keyword: string, text: string): Uint8Array {
  const data = Buffer.from(`${keyword}\u0000${text}`, 'latin1');
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from('tEXt', 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Chunks go right before IEND, ahead of the image's own text chunks (Agnai reads only the first). */
function insertBeforeIend(png: Uint8Array, inserted: Uint8Array[]): Uint8Array {
  const chunks = readPngChunks(png, DEFAULT_CARD_LIMITS);
  const isText = (type: string) => type === 'tEXt' || type === 'iTXt' || type === 'zTXt';
  const part = (filter: (type: string) => boolean) =>
    chunks
      .slice(0, -1)
      .filter((chunk) => filter(chunk.type))
      .map((chunk) => png.subarray(chunk.start, chunk.end));
  const iend = chunks[chunks.length - 1];
  return concatBytes([
    png.subarray(0, 8),
    ...part((type) => !isText(type)),
    ...inserted,
    ...part(isText),
    png.subarray(iend.start, iend.end),
  ]);
}
