import sharp from 'sharp';
import type { CardLimits } from './limits.js';
import { invalidCard } from './limits.js';

export interface ImageInfo {
  format: string;
  width: number;
  height: number;
}

/** Reads an image header with sharp and enforces the dimension caps; unreadable → `invalid_card`. */
export async function checkImage(bytes: Uint8Array, limits: CardLimits, what: string): Promise<ImageInfo> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: limits.maxImagePixels }).metadata();
  } catch (error) {
    throw invalidCard(`The ${what} is not a readable image (${(error as Error).message}).`);
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width === 0 || height === 0) throw invalidCard(`The ${what} has no dimensions.`);
  if (
    width > limits.maxImageDimension ||
    height > limits.maxImageDimension ||
    width * height > limits.maxImagePixels
  ) {
    throw invalidCard(
      `The ${what} is ${width}×${height}; the limit is ${limits.maxImageDimension} per side and ${limits.maxImagePixels} pixels.`,
    );
  }
  return { format: metadata.format ?? 'unknown', width, height };
}

/** A plain placeholder portrait for PNG exports of characters without an avatar. */
export async function placeholderPng(): Promise<Uint8Array> {
  const buffer = await sharp({
    create: { width: 400, height: 600, channels: 3, background: { r: 0x4a, g: 0x3a, b: 0x33 } },
  })
    .png()
    .toBuffer();
  return new Uint8Array(buffer);
}

/** Any image sharp reads → PNG bytes (a JPEG/WEBP avatar exported as a PNG card). */
export async function toPng(bytes: Uint8Array, limits: CardLimits): Promise<Uint8Array> {
  await checkImage(bytes, limits, 'avatar');
  return new Uint8Array(await sharp(bytes, { limitInputPixels: limits.maxImagePixels }).png().toBuffer());
}
