import { isRecord } from '../lorebook/coerce.js';
import type { CardAsset, CardAssetDescriptor, CardV3 } from './types.js';

const EXT_MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  webm: 'video/webm',
  json: 'application/json',
};

/** MIME from magic bytes first (RisuAI stores WEBP under `.png` names), then from the extension. */
export function sniffMime(bytes: Uint8Array | undefined, ext: string): string {
  if (bytes && bytes.length >= 12) {
    const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
    if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
    if (ascii(0, 4) === 'GIF8') return 'image/gif';
    if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
    if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav';
    if (ascii(4, 8) === 'ftyp') return ascii(8, 12).startsWith('avi') ? 'image/avif' : 'video/mp4';
    if (ascii(0, 4) === 'OggS') return 'audio/ogg';
    if (ascii(0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
    if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm';
  }
  return EXT_MIME[ext.toLowerCase()] ?? 'application/octet-stream';
}

/** `embeded://x` (spec spelling) and `embedded://x` (ST) → the zip path `x`; anything else → undefined. */
export function embeddedPath(uri: string): string | undefined {
  const match = /^(?:embeded|embedded):\/\/(.+)$/.exec(uri);
  return match ? match[1].replace(/^\/+/, '') : undefined;
}

/** Decodes a `data:` URI (base64 or percent-encoded); undefined when malformed. */
export function decodeDataUri(uri: string, maxBytes: number): Uint8Array | undefined {
  const match = /^data:([^,]*?),(.*)$/s.exec(uri);
  if (!match) return undefined;
  const isBase64 = /;base64$/i.test(match[1]);
  const body = match[2];
  if ((isBase64 ? (body.length * 3) / 4 : body.length) > maxBytes) return undefined;
  if (isBase64) {
    const compact = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return undefined;
    return new Uint8Array(Buffer.from(compact, 'base64'));
  }
  try {
    return new TextEncoder().encode(decodeURIComponent(body));
  } catch {
    return undefined;
  }
}

export interface AssetSources {
  /** CHARX members by path. */
  members?: ReadonlyMap<string, Uint8Array>;
  /** `__asset:N` → bytes from legacy PNG chunks. */
  legacy?: ReadonlyMap<string, Uint8Array>;
  maxBytes: number;
}

/** Resolves one descriptor's bytes where possible. `ccdefault:` and http(s) stay without bytes. */
export function resolveAsset(descriptor: CardAssetDescriptor, sources: AssetSources): CardAsset {
  const { uri } = descriptor;
  const path = embeddedPath(uri);
  let bytes: Uint8Array | undefined;
  if (path !== undefined) bytes = sources.members?.get(path);
  else if (uri.startsWith('data:')) bytes = decodeDataUri(uri, sources.maxBytes);
  else if (uri.startsWith('__asset:')) bytes = sources.legacy?.get(uri);
  const asset: CardAsset = {
    type: descriptor.type,
    name: descriptor.name,
    ext: descriptor.ext,
    uri,
    mime: sniffMime(bytes, descriptor.ext),
  };
  if (bytes) asset.bytes = bytes;
  return asset;
}

/** Whether the URI should have produced bytes (so a miss deserves a warning). */
export function isResolvableUri(uri: string): boolean {
  return embeddedPath(uri) !== undefined || uri.startsWith('data:') || uri.startsWith('__asset:');
}

/**
 * RisuAI V2 cards list PNG-chunk assets in `extensions.risuai.emotions` (`[name, uri]`) and
 * `additionalAssets` (`[name, uri, ext]`) instead of `data.assets`.
 */
export function risuLegacyDescriptors(card: CardV3): CardAssetDescriptor[] {
  const risu = card.data.extensions.risuai;
  if (!isRecord(risu)) return [];
  const out: CardAssetDescriptor[] = [];
  const add = (list: unknown, type: string) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || typeof item[1] !== 'string') continue;
      const ext = typeof item[2] === 'string' && item[2] !== '' ? item[2].toLowerCase() : 'png';
      out.push({ type, name: item[0], uri: item[1], ext });
    }
  };
  add(risu.emotions, 'emotion');
  add(risu.additionalAssets, 'x-risu-asset');
  return out;
}

/** The main icon: `name: "main"` among icons, else the first icon with bytes. */
export function mainIcon(assets: readonly CardAsset[]): CardAsset | undefined {
  const icons = assets.filter((asset) => asset.type === 'icon' && asset.bytes);
  return icons.find((asset) => asset.name === 'main') ?? icons[0];
}
