import { isResolvableUri, mainIcon, resolveAsset, risuLegacyDescriptors } from './assets.js';
import { readCharx } from './charx.js';
import { checkImage } from './image-check.js';
import { decodeText, parseCardJson } from './json-text.js';
import { type CardLimits, invalidCard, resolveLimits, tooLarge } from './limits.js';
import { checkExtensionSize } from './extension-size.js';
import { normaliseCard } from './normalise-card.js';
import { readPngCard } from './png-card.js';
import { isPng } from './png-chunks.js';
import type { CardAsset, CardFile, ImportedCard } from './types.js';
import { embeddedPath } from './assets.js';

export interface ImportOptions {
  filename?: string;
  contentType?: string;
  /** Missing fields take DEFAULT_CARD_LIMITS. */
  limits?: Partial<CardLimits>;
}

type Detected = 'png' | 'json' | 'charx';

/**
 * Imports a Character Card from a PNG (`ccv3`/`chara` chunks), a JSON file (V1, V2, V3) or a CHARX
 * archive. All or nothing: any malformed input throws 422 `invalid_card` naming the problem; a file over
 * `limits.maxBytes` throws 413 `payload_too_large` before any parsing.
 */
export async function importCard(input: Uint8Array, options: ImportOptions = {}): Promise<ImportedCard> {
  // A Node Buffer (multipart upload) becomes a plain view, so slices and returned bytes are Uint8Arrays.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxBytes) throw tooLarge('The card file', limits.maxBytes);
  const source = detect(bytes, options);
  if (source === 'png') {
    const png = readPngCard(bytes, limits);
    const { spec, card, warnings } = normaliseCard(png.json);
    await checkImage(png.image, limits, 'PNG image');
    const descriptors = card.data.assets ?? risuLegacyDescriptors(card);
    const assets = descriptors.map((d) =>
      resolveAsset(d, { legacy: png.legacyAssets, maxBytes: limits.maxUncompressedBytes }),
    );
    warnUnresolved(assets, warnings);
    return {
      spec,
      source,
      card,
      original: png.json,
      assets,
      avatar: png.image,
      files: [],
      warnings: [...png.warnings, ...warnings],
      origin: { format: 'png', text: png.text, files: [{ kind: 'png', path: '', bytes }] },
    };
  }
  if (source === 'charx') {
    const { json, text, members } = await readCharx(bytes, limits);
    const { spec, card, warnings } = normaliseCard(json);
    checkExtensionSize(card, limits);
    const assets = (card.data.assets ?? []).map((d) =>
      resolveAsset(d, { members, maxBytes: limits.maxUncompressedBytes }),
    );
    warnUnresolved(assets, warnings);
    const referenced = new Set(assets.map((asset) => embeddedPath(asset.uri)).filter(Boolean));
    const files: CardFile[] = [...members]
      .filter(([path]) => path !== 'card.json' && !referenced.has(path))
      .map(([path, content]) => ({ path, bytes: content }));
    const avatar = await avatarFrom(assets, limits, warnings);
    const kept = [...members]
      .filter(([path]) => path !== 'card.json')
      .map(([path, content]) => ({ kind: 'member' as const, path, bytes: content }));
    const archive = { kind: 'archive' as const, path: '', bytes };
    const origin = { format: 'charx' as const, text, files: [...kept, archive] };
    return { spec, source, card, original: json, assets, avatar, files, warnings, origin };
  }
  const text = decodeText(bytes);
  const json = parseCardJson(text, limits, 'card file');
  const { spec, card, warnings } = normaliseCard(json);
  checkExtensionSize(card, limits);
  const assets = (card.data.assets ?? []).map((d) =>
    resolveAsset(d, { maxBytes: limits.maxUncompressedBytes }),
  );
  warnUnresolved(assets, warnings);
  const avatar = await avatarFrom(assets, limits, warnings);
  const origin = { format: 'json' as const, text, files: [] };
  return { spec, source, card, original: json, assets, avatar, files: [], warnings, origin };
}

/** The main icon as avatar when it is a readable image within the caps; otherwise none, with a warning. */
async function avatarFrom(assets: readonly CardAsset[], limits: CardLimits, warnings: string[]) {
  const icon = mainIcon(assets);
  if (!icon?.bytes || !icon.mime.startsWith('image/')) return undefined;
  try {
    await checkImage(icon.bytes, limits, 'main icon');
    return icon.bytes;
  } catch (error) {
    warnings.push(`${(error as Error).message} The card was imported without an avatar.`);
    return undefined;
  }
}

function warnUnresolved(assets: readonly CardAsset[], warnings: string[]): void {
  for (const asset of assets) {
    if (!asset.bytes && isResolvableUri(asset.uri)) {
      warnings.push(
        `Asset "${asset.name}" (${asset.type}) could not be found; it is kept in the card but has no file.`,
      );
    }
  }
}

function detect(bytes: Uint8Array, options: ImportOptions): Detected {
  if (bytes.length === 0) throw invalidCard('The card file is empty.');
  if (isPng(bytes)) return 'png';
  const ascii = String.fromCharCode(...bytes.subarray(0, 12));
  if (ascii.startsWith('PK\u0003\u0004') || ascii.startsWith('PK\u0005\u0006')) return 'charx';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    // RisuAI's "JPEG CHARX" is a JPEG with the zip appended; a plain JPEG carries no card.
    if (hasZipTail(bytes)) return 'charx';
    throw invalidCard(
      'The JPEG image carries no character card; cards in images must be PNG (or a JPEG CHARX).',
    );
  }
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') {
    throw invalidCard('WEBP character cards are not supported; export the card as PNG, JSON or CHARX.');
  }
  const head = decodeText(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('{')) return 'json';
  if (head.startsWith('[')) throw invalidCard('The JSON file holds an array, not a character card object.');
  const name = (options.filename ?? '').toLowerCase();
  const type = (options.contentType ?? '').toLowerCase();
  if (name.endsWith('.png') || type === 'image/png' || type === 'image/apng') {
    throw invalidCard('The file is named or typed as a PNG but is not a PNG image.');
  }
  if (name.endsWith('.charx') || name.endsWith('.zip') || type.includes('zip')) {
    throw invalidCard('The file is named or typed as CHARX but is not a zip archive.');
  }
  if (name.endsWith('.json') || type.includes('json')) throw invalidCard('The file is not valid JSON.');
  throw invalidCard('Unrecognised card file: expected a PNG, JSON or CHARX character card.');
}

function hasZipTail(bytes: Uint8Array): boolean {
  const lowest = Math.max(0, bytes.length - 22 - 65_535);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06)
      return true;
  }
  return false;
}
