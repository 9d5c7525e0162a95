import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { Unprocessable } from '../errors.js';

/** Avatars: re-encoded by sharp (which drops EXIF/GPS metadata), 512px webp plus a 128px thumbnail. */
export const AVATAR_SIZE = 512;
export const THUMBNAIL_SIZE = 128;
const MAX_INPUT_PIXELS = 40_000_000;

export interface ProcessedAvatar {
  avatar: Buffer;
  thumbnail: Buffer;
}

export async function processAvatar(bytes: Uint8Array): Promise<ProcessedAvatar> {
  try {
    const source = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    const avatar = await source
      .clone()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' })
      .webp({ quality: 85 })
      .toBuffer();
    const thumbnail = await source
      .clone()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
    return { avatar, thumbnail };
  } catch (error) {
    throw new Unprocessable('invalid_image', `The avatar is not a usable image: ${(error as Error).message}`);
  }
}

export function avatarDir(dataDir: string): string {
  return path.join(dataDir, 'media', 'avatars');
}

/** Writes both files under a fresh name (old URLs never serve new bytes) and returns relative paths. */
export async function storeAvatar(
  dataDir: string,
  characterId: string,
  processed: ProcessedAvatar,
): Promise<{ avatar: string; thumb: string }> {
  const dir = avatarDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const stem = `${characterId}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(path.join(dir, `${stem}.webp`), processed.avatar);
  await fs.writeFile(path.join(dir, `${stem}-thumb.webp`), processed.thumbnail);
  return { avatar: `${stem}.webp`, thumb: `${stem}-thumb.webp` };
}

/** Reads a stored avatar; names come from our own rows, but are still confined to the avatar folder. */
export async function readAvatar(dataDir: string, name: string): Promise<Buffer> {
  const dir = avatarDir(dataDir);
  const file = path.resolve(dir, path.basename(name));
  return fs.readFile(file);
}

export async function removeAvatarFiles(dataDir: string, names: (string | null)[]): Promise<void> {
  for (const name of names) {
    if (name) await fs.rm(path.join(avatarDir(dataDir), path.basename(name)), { force: true });
  }
}
