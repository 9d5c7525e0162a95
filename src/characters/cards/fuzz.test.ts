import { describe, expect, it } from 'vitest';
import {
  base64Json,
  insertChunks,
  plainPng,
  textChunk,
  v2Card,
  v3Card,
  zip,
  zip64,
} from '../../../test/helpers/card-fixtures.js';
import { AppError } from '../../errors.js';
import { importCard } from './index.js';

/** Deterministic PRNG so failures reproduce. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = bytes.slice();
  const mode = random();
  if (mode < 0.3) return out.subarray(0, Math.floor(random() * out.length));
  const flips = 1 + Math.floor(random() * 8);
  for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  return out;
}

describe('fuzz: mutated cards either import or fail with a typed error', () => {
  it('never throws anything but an AppError (no crashes, no RangeErrors)', async () => {
    const sources = [
      insertChunks(await plainPng(), [
        textChunk('chara', base64Json(v2Card())),
        textChunk('ccv3', base64Json(v3Card())),
      ]),
      zip({ 'card.json': JSON.stringify(v3Card()), 'assets/icon/images/main.png': await plainPng(2, 2) }),
      zip64({ 'card.json': JSON.stringify(v3Card()) }),
      new TextEncoder().encode(JSON.stringify(v2Card())),
    ];
    const random = mulberry32(42);
    let refused = 0;
    for (let round = 0; round < 400; round++) {
      const input = mutate(sources[round % sources.length], random);
      try {
        await importCard(input);
      } catch (error) {
        if (!(error instanceof AppError)) throw new Error(`round ${round}: ${(error as Error).stack}`);
        expect(['invalid_card', 'payload_too_large']).toContain(error.code);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
