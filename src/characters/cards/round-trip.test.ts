import { describe, expect, it } from 'vitest';
import {
  base64Json,
  chunkTypes,
  insertChunks,
  json,
  listTextChunks,
  plainPng,
  textChunk,
  v1Card,
  v2Card,
  v3Card,
  zip,
} from '../../../test/helpers/card-fixtures.js';
import { type CardFormat, type ImportedCard, exportCard, importCard } from './index.js';

const charxWithAssets = async () => {
  const icon = await plainPng(4, 4);
  const card = {
    ...v3Card(),
    data: {
      ...v3Card().data,
      assets: [
        { type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' },
        {
          type: 'emotion',
          uri: 'embeded://assets/emotion/images/joy.png',
          name: 'joy',
          ext: 'png',
          x_meta: 'k',
        },
      ],
    },
  };
  return zip({
    'card.json': JSON.stringify(card),
    'assets/icon/images/main.png': icon,
    'assets/emotion/images/joy.png': await plainPng(3, 3),
    'module.risum': new Uint8Array([111, 0, 1, 0, 0, 0, 9]),
  });
};

const sources: Array<[string, () => Promise<Uint8Array>]> = [
  ['V1 JSON', async () => json(v1Card())],
  ['V2 JSON with character_book', async () => json(v2Card())],
  ['V2 PNG', async () => insertChunks(await plainPng(), [textChunk('chara', base64Json(v2Card()))])],
  ['V3 PNG', async () => insertChunks(await plainPng(), [textChunk('ccv3', base64Json(v3Card()))])],
  [
    'PNG with both chunks',
    async () =>
      insertChunks(await plainPng(), [
        textChunk('ccv3', base64Json(v3Card())),
        textChunk('chara', base64Json(v2Card())),
      ]),
  ],
  ['CHARX with assets', charxWithAssets],
];

async function reexport(imported: ImportedCard, format: CardFormat): Promise<ImportedCard> {
  const exported = await exportCard(imported.card, format, {
    avatar: imported.avatar,
    assets: imported.assets,
    files: imported.files,
  });
  return importCard(exported.bytes, { filename: `card.${exported.extension}` });
}

describe('round trip: import → export → import', () => {
  for (const [label, build] of sources) {
    for (const format of ['json', 'png', 'charx'] as const) {
      it(`${label} → ${format}: the card comes back deep-equal, unknown fields intact`, async () => {
        const first = await importCard(await build());
        const second = await reexport(first, format);
        const expected = structuredClone(first.card);
        if (format === 'charx' && first.source === 'png') {
          // A CHARX has no "the PNG itself" (ccdefault: or no assets): the avatar becomes an embedded main icon.
          const uri = 'embeded://assets/icon/images/main.png';
          const icon = expected.data.assets?.find((asset) => asset.type === 'icon');
          if (icon) icon.uri = uri;
          else expected.data.assets = [{ type: 'icon', uri, name: 'main', ext: 'png' }];
        }
        expect(second.card).toEqual(expected);
        // And once more: the exported form is a fixed point.
        const third = await reexport(second, format);
        expect(third.card).toEqual(second.card);
      });
    }
  }

  it('CHARX keeps asset bytes and opaque files (module.risum) through a CHARX round trip', async () => {
    const first = await importCard(await charxWithAssets());
    const second = await reexport(first, 'charx');
    expect(second.assets).toEqual(first.assets);
    expect(second.files).toEqual(first.files);
    expect(second.avatar).toEqual(first.avatar);
  });
});

describe('exportCard', () => {
  it('PNG: replaces old card chunks, keeps other chunks, writes chara (V2, no decorators) then ccv3 as the first text chunks', async () => {
    const original = insertChunks(await plainPng(), [
      textChunk('chara', base64Json(v2Card())),
      textChunk('Title', 'keep me'),
      textChunk('ccv3', base64Json(v2Card())),
    ]);
    const imported = await importCard(
      insertChunks(await plainPng(), [textChunk('ccv3', base64Json(v3Card()))]),
    );
    const { bytes, mime, extension } = await exportCard(imported.card, 'png', { avatar: original });
    expect([mime, extension]).toEqual(['image/png', 'png']);
    const texts = listTextChunks(bytes);
    // chara must be the first text chunk: Agnai and old ST read only that one.
    expect(texts.map(([keyword]) => keyword)).toEqual(['chara', 'ccv3', 'Title']);
    expect(chunkTypes(bytes).slice(-4)).toEqual(['tEXt', 'tEXt', 'tEXt', 'IEND']);
    const chara = JSON.parse(Buffer.from(texts[0][1], 'base64').toString('utf8'));
    expect(chara.spec).toBe('chara_card_v2');
    expect(chara.spec_version).toBe('2.0');
    expect(chara.name).toBe('Iri'); // V1 mirror at the root
    expect(chara.data.character_book.entries[0].content).toBe('The archive hums.');
    const ccv3 = JSON.parse(Buffer.from(texts[1][1], 'base64').toString('utf8'));
    expect(ccv3.spec).toBe('chara_card_v3');
    expect(ccv3.data.character_book.entries[0].content).toBe(
      '@@depth 2\n@@role assistant\nThe archive hums.',
    );
  });

  it('PNG without an avatar: generates a placeholder image', async () => {
    const imported = await importCard(json(v1Card()));
    const { bytes } = await exportCard(imported.card, 'png');
    const back = await importCard(bytes);
    expect(back.card).toEqual(imported.card);
    expect(back.avatar!.length).toBeGreaterThan(100);
  });

  it('PNG from a JPEG avatar converts it to PNG', async () => {
    const sharp = (await import('sharp')).default;
    const jpeg = new Uint8Array(
      await sharp(await plainPng())
        .jpeg()
        .toBuffer(),
    );
    const imported = await importCard(json(v3Card()));
    const { bytes } = await exportCard(imported.card, 'png', { avatar: jpeg });
    expect((await importCard(bytes)).card).toEqual(imported.card);
  });

  it('with now: sets creation_date once and bumps modification_date', async () => {
    const imported = await importCard(json(v1Card()));
    const first = await importCard((await exportCard(imported.card, 'json', { now: 1_800_000_000 })).bytes);
    expect(first.card.data.creation_date).toBe(1_800_000_000);
    const second = await importCard((await exportCard(first.card, 'json', { now: 1_800_000_100 })).bytes);
    expect(second.card.data.creation_date).toBe(1_800_000_000);
    expect(second.card.data.modification_date).toBe(1_800_000_100);
  });

  it('JSON: writes V3 with the V1 fields mirrored at the root', async () => {
    const imported = await importCard(json(v2Card()));
    const written = JSON.parse(new TextDecoder().decode((await exportCard(imported.card, 'json')).bytes));
    expect(written.spec).toBe('chara_card_v3');
    expect(written.name).toBe('Tess');
    expect(written.first_mes).toBe('Oh! A visitor.');
    expect(written.x_root_unknown).toEqual({ keep: [1, 2, 3] });
  });

  it('CHARX: assets without a zip path get one under assets/{type}/ and the card URI follows', async () => {
    const card = v2Card();
    (card.data.extensions as Record<string, unknown>).risuai = { emotions: [['happy', '__asset:1']] };
    const png = insertChunks(await plainPng(), [
      textChunk('chara', base64Json(card)),
      textChunk('chara-ext-asset_:1', Buffer.from(await plainPng(2, 2)).toString('base64')),
    ]);
    const imported = await importCard(png);
    const back = await reexport(imported, 'charx');
    expect(back.card.data.assets).toEqual([
      { type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' },
      { type: 'emotion', uri: 'embeded://assets/emotion/images/happy.png', name: 'happy', ext: 'png' },
    ]);
    expect(back.assets[1].bytes).toEqual(imported.assets[0].bytes);
  });
});
