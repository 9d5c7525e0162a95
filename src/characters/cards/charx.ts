import { zipSync, type Zippable } from 'fflate';
import { cardToV3Json, encodeJson } from './card-json.js';
import { embeddedPath } from './assets.js';
import { decodeText, parseCardJson } from './json-text.js';
import type { CardLimits } from './limits.js';
import { invalidCard } from './limits.js';
import type { CardAsset, CardAssetDescriptor, CardFile, CardV3 } from './types.js';
import { readZip } from './zip-reader.js';

export interface CharxContents {
  json: unknown;
  /** card.json as text, BOM removed. */
  text: string;
  members: Map<string, Uint8Array>;
}

/** Opens a CHARX (plain or JPEG-prefixed) and parses its root `card.json`. */
export async function readCharx(bytes: Uint8Array, limits: CardLimits): Promise<CharxContents> {
  let card: { text: string; json: unknown } | undefined;
  // card.json is inflated first and parsed at once: a broken card stops the read before any asset.
  const members = await readZip(bytes, limits, (name, content) => {
    if (name !== 'card.json') return;
    const text = decodeText(content);
    card = { text, json: parseCardJson(text, limits, 'CHARX card.json') };
  });
  if (!card) throw invalidCard('The CHARX archive has no card.json at its root.');
  return { ...card, members };
}

const TYPE_FOLDERS = new Set(['icon', 'background', 'emotion', 'user_icon']);

function folderFor(asset: CardAsset): string {
  const kind = asset.mime.startsWith('image/')
    ? 'images'
    : asset.mime.startsWith('audio/')
      ? 'audio'
      : asset.mime.startsWith('video/')
        ? 'video'
        : 'other';
  return `assets/${TYPE_FOLDERS.has(asset.type) ? asset.type : 'other'}/${kind}`;
}

/**
 * Builds a CHARX: `card.json`, every asset that has bytes (at its `embeded://` path, or at a new path
 * under the suggested layout with the card's URI rewritten), and the opaque extra files (module.risum,
 * x_meta, app data). The avatar becomes the main icon when the card's icon has no bytes of its own.
 */
export function writeCharx(
  card: CardV3,
  options: { avatar?: Uint8Array; assets?: readonly CardAsset[]; files?: readonly CardFile[] },
): Uint8Array {
  const descriptors: CardAssetDescriptor[] = (card.data.assets ?? []).map((descriptor) => ({
    ...descriptor,
  }));
  const zip: Zippable = {};
  const used = new Set<string>(['card.json']);
  const uniquePath = (wanted: string) => {
    let path = wanted;
    for (let n = 1; used.has(path); n++) path = wanted.replace(/(\.[^./]*)?$/, `_${n}$1`);
    used.add(path);
    return path;
  };

  for (const asset of options.assets ?? []) {
    if (!asset.bytes) continue;
    let path = embeddedPath(asset.uri);
    if (path === undefined || used.has(path)) {
      path = uniquePath(`${folderFor(asset)}/${safeName(asset.name)}.${safeName(asset.ext)}`);
      const uri = `embeded://${path}`;
      const descriptor = descriptors.find(
        (d) => d.uri === asset.uri && d.type === asset.type && d.name === asset.name,
      );
      if (descriptor) descriptor.uri = uri;
      else descriptors.push({ type: asset.type, uri, name: asset.name, ext: asset.ext });
    } else used.add(path);
    zip[path] = [asset.bytes, { level: asset.mime.startsWith('image/') ? 0 : 6 }];
  }

  if (options.avatar) {
    const icons = descriptors.filter((d) => d.type === 'icon');
    const icon = icons.find((d) => d.name === 'main') ?? icons[0];
    const iconPath = icon ? embeddedPath(icon.uri) : undefined;
    if (iconPath === undefined || !(iconPath in zip)) {
      const path = iconPath ?? uniquePath('assets/icon/images/main.png');
      used.add(path);
      zip[path] = [options.avatar, { level: 0 }];
      if (!icon) descriptors.unshift({ type: 'icon', uri: `embeded://${path}`, name: 'main', ext: 'png' });
      else if (iconPath === undefined) icon.uri = `embeded://${path}`;
    }
  }

  for (const file of options.files ?? []) {
    if (used.has(file.path)) continue;
    used.add(file.path);
    zip[file.path] = [file.bytes, { level: 6 }];
  }
  const written: CardV3 =
    descriptors.length > 0 || card.data.assets
      ? { ...card, data: { ...card.data, assets: descriptors } }
      : card;
  zip['card.json'] = [encodeJson(cardToV3Json(written)), { level: 6 }];
  // card.json first, as RisuAI writes it.
  const ordered: Zippable = { 'card.json': zip['card.json'] };
  for (const [path, value] of Object.entries(zip)) if (path !== 'card.json') ordered[path] = value;
  return zipSync(ordered);
}

function safeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return cleaned === '' ? 'asset' : cleaned.slice(0, 80);
}
