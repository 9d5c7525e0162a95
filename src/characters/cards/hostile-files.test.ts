import { describe, expect, it } from 'vitest';
import {
  base64Json,
  insertChunks,
  json,
  lieAboutSize,
  plainPng,
  textChunk,
  v3Card,
  zip,
  zip64,
} from '../../../test/helpers/card-fixtures.js';
import { PayloadTooLarge, Unprocessable } from '../../errors.js';
import { importCard } from './index.js';

async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Unprocessable || error instanceof PayloadTooLarge) {
      return { status: error.status, code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected the import to be refused');
}

const cardJson = JSON.stringify(v3Card());

describe('importCard refuses hostile and broken files', () => {
  it('issue 13 item 7: extension data over the cap is refused with 413 card_extensions_too_large, at the root, in data and in extensions', async () => {
    const blob = 'x'.repeat(2000);
    const card = v3Card();
    const cases = [
      { ...card, x_root: blob },
      { ...card, data: { ...card.data, x_data: blob } },
      { ...card, data: { ...card.data, extensions: { tool: blob } } },
    ];
    for (const hostile of cases) {
      const result = await refusal(importCard(json(hostile), { limits: { maxExtensionBytes: 1000 } }));
      expect(result).toMatchObject({ status: 413, code: 'card_extensions_too_large' });
      expect(result.message).toMatch(/limit is 1000 bytes \(HEARTH_CARD_EXTENSIONS_LIMIT\)/);
    }
    // Under the cap, the same data is kept.
    const kept = await importCard(json(cases[0]), { limits: { maxExtensionBytes: 10_000 } });
    expect(kept.card.x_root).toBe(blob);
  });

  it('issue 13 item 6: 99 members of just under 1 MiB of zeros are refused by the archive ratio, before inflating', async () => {
    const members: Record<string, Uint8Array | string> = { 'card.json': cardJson };
    for (let i = 0; i < 99; i++) members[`assets/other/other/${i}.bin`] = new Uint8Array(1_048_575);
    const archive = zip(members);
    expect(archive.length).toBeLessThan(200_000);
    const result = await refusal(importCard(archive));
    expect(result).toMatchObject({ status: 422, code: 'invalid_card' });
    expect(result.message).toMatch(
      /expands \d+ times its packed size; the limit is 50 \(possible zip bomb\)/,
    );
  });

  it('issue 13 item 6: a CHARX whose card.json is broken is refused before its assets are inflated', async () => {
    // The asset lies about its size: inflating it would fail with "beyond its declared size" instead.
    const archive = lieAboutSize(
      zip({ 'assets/big.bin': new Uint8Array(64 * 1024).fill(7), 'card.json': '{"spec": ' }),
      'assets/big.bin',
      10,
    );
    const result = await refusal(importCard(archive));
    expect(result.message).toMatch(/card\.json is not valid JSON/);
  });

  it('a zip bomb whose declared sizes exceed the limit', async () => {
    const archive = zip({
      'card.json': cardJson,
      'assets/other/other/zeros.bin': new Uint8Array(20 * 1_048_576),
    });
    const result = await refusal(importCard(archive, { limits: { maxUncompressedBytes: 5 * 1_048_576 } }));
    expect(result).toMatchObject({ status: 422, code: 'invalid_card' });
    expect(result.message).toMatch(/zip bomb/);
  });

  it('a member with an absurd compression ratio', async () => {
    const archive = zip({ 'card.json': cardJson, 'bomb.bin': new Uint8Array(20 * 1_048_576) });
    expect((await refusal(importCard(archive))).message).toMatch(/compression ratio/);
  });

  it('a member that lies about its size is stopped while inflating', async () => {
    const archive = lieAboutSize(
      zip({ 'card.json': cardJson, 'bomb.bin': new Uint8Array(4 * 1_048_576) }),
      'bomb.bin',
      1000,
    );
    const started = performance.now();
    const result = await refusal(importCard(archive));
    expect(result.message).toMatch(/inflates beyond its declared size/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  for (const name of ['../evil.txt', 'assets/../../evil.txt', '/etc/evil', 'assets\\evil.png', 'C:/evil']) {
    it(`a CHARX entry named ${JSON.stringify(name)}`, async () => {
      const result = await refusal(importCard(zip({ 'card.json': cardJson, [name]: 'x' })));
      expect(result).toMatchObject({ status: 422, code: 'invalid_card' });
      expect(result.message).toMatch(/unsafe entry name/);
    });
  }

  it('a CHARX without card.json', async () => {
    expect((await refusal(importCard(zip({ 'other.json': '{}' })))).message).toMatch(/no card.json/);
  });

  it('a PNG without a card chunk', async () => {
    const png = insertChunks(await plainPng(), [textChunk('Title', 'just a picture')]);
    const result = await refusal(importCard(png, { filename: 'pic.png' }));
    expect(result).toMatchObject({ status: 422, code: 'invalid_card' });
    expect(result.message).toMatch(/no character card/);
  });

  it('a card chunk that is not base64', async () => {
    const png = insertChunks(await plainPng(), [textChunk('chara', 'this is *not* base64!')]);
    expect((await refusal(importCard(png))).message).toMatch(/"chara" chunk is not valid base64/);
  });

  it('base64 that does not hold JSON', async () => {
    const png = insertChunks(await plainPng(), [
      textChunk('chara', Buffer.from('hello there').toString('base64')),
    ]);
    expect((await refusal(importCard(png))).message).toMatch(/not valid JSON/);
  });

  it('a password-encrypted RisuAI card', async () => {
    const png = insertChunks(await plainPng(), [textChunk('chara', 'rcc||rccv1||abcdef')]);
    expect((await refusal(importCard(png))).message).toMatch(/encrypted/);
  });

  it('a 50 MB PNG, over the size limit, quickly and before parsing', async () => {
    const huge = new Uint8Array(50 * 1_048_576);
    huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const started = performance.now();
    const result = await refusal(importCard(huge, { filename: 'huge.png' }));
    expect(performance.now() - started).toBeLessThan(100);
    expect(result).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(result.message).toMatch(/20 MiB/);
  });

  it('JSON nested 10,000 deep, as a file, a PNG chunk and a card.json', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const asFile = await refusal(importCard(new TextEncoder().encode(deep)));
    expect(asFile).toMatchObject({ status: 422, code: 'invalid_card' });
    expect(asFile.message).toMatch(/nested deeper than 100/);
    const png = insertChunks(await plainPng(), [textChunk('chara', Buffer.from(deep).toString('base64'))]);
    expect((await refusal(importCard(png))).message).toMatch(/nested deeper/);
    expect((await refusal(importCard(zip({ 'card.json': deep })))).message).toMatch(/nested deeper/);
  });

  it('a truncated PNG', async () => {
    const png = insertChunks(await plainPng(64, 64), [textChunk('ccv3', base64Json(v3Card()))]);
    const result = await refusal(importCard(png.subarray(0, Math.floor(png.length / 2))));
    expect(result.message).toMatch(/truncated/);
  });

  it('a PNG with a corrupted chunk (CRC mismatch)', async () => {
    const png = insertChunks(await plainPng(), [textChunk('ccv3', base64Json(v3Card()))]);
    const broken = png.slice();
    broken[png.length - 40] ^= 0xff; // inside the ccv3 text
    expect((await refusal(importCard(broken))).message).toMatch(/CRC mismatch/);
  });

  it('a non-PNG file named .png', async () => {
    const result = await refusal(
      importCard(new TextEncoder().encode('GIF89a not really'), { filename: 'card.png' }),
    );
    expect(result).toMatchObject({ status: 422, code: 'invalid_card' });
    expect(result.message).toMatch(/named or typed as a PNG but is not a PNG/);
  });

  it('an image over the dimension limit', async () => {
    const wide = insertChunks(await plainPng(9000, 1), [textChunk('ccv3', base64Json(v3Card()))]);
    expect((await refusal(importCard(wide))).message).toMatch(/9000×1/);
  });

  it('empty files, WEBP images, lorebook files, JSON arrays and unknown specs', async () => {
    const sharp = (await import('sharp')).default;
    const webp = new Uint8Array(
      await sharp(await plainPng())
        .webp()
        .toBuffer(),
    );
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /empty/],
      [webp, /WEBP/],
      [new TextEncoder().encode(JSON.stringify({ spec: 'lorebook_v3', data: { entries: [] } })), /lorebook/],
      [new TextEncoder().encode('[1,2]'), /array/],
      [new TextEncoder().encode(JSON.stringify({ spec: 'chara_card_v9', data: {} })), /Unknown card spec/],
      [new TextEncoder().encode(JSON.stringify({ spec: 'chara_card_v2' })), /needs a "data" object/],
      [new TextEncoder().encode(JSON.stringify({ hello: 'world' })), /does not look like a character card/],
      [new TextEncoder().encode('{"name": "x",'), /not valid JSON/],
    ];
    for (const [bytes, message] of cases) {
      const result = await refusal(importCard(bytes));
      expect(result.code).toBe('invalid_card');
      expect(result.message).toMatch(message);
    }
  });

  it('accepts a Zip64 CHARX (some writers emit Zip64 records for small archives)', async () => {
    const imported = await importCard(zip64({ 'card.json': cardJson, 'x_meta/a.json': '{}' }));
    expect(imported.card.data.name).toBe('Iri');
    expect(imported.files.map((file) => file.path)).toEqual(['x_meta/a.json']);
  });
});
