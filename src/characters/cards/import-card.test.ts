import { describe, expect, it } from 'vitest';
import {
  base64Json,
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
import { importCard } from './index.js';

describe('importCard: JSON', () => {
  it('reads a V1 flat card, keeping legacy root fields and filling V2/V3 defaults', async () => {
    const imported = await importCard(json(v1Card()), { filename: 'mara.json' });
    expect(imported.spec).toBe('v1');
    expect(imported.source).toBe('json');
    const { card } = imported;
    expect(card.spec).toBe('chara_card_v3');
    expect(card.data.name).toBe('Mara');
    expect(card.data.mes_example).toContain('<START>');
    expect(card.data.tags).toEqual(['drama', 'sea']);
    expect(card.data.creator_notes).toBe('Made by hand.');
    expect(card.data.extensions).toEqual({ talkativeness: '0.5', fav: false });
    expect(card.data.alternate_greetings).toEqual([]);
    expect(card.data.group_only_greetings).toEqual([]);
    expect(card.create_date).toBe('2023-5-12 @21h 32m 29s 228ms');
    expect(card.talkativeness).toBe('0.5');
    expect(card.name).toBeUndefined(); // root mirror moved into data
    expect(imported.original).toEqual(v1Card());
  });

  it('reads Pygmalion/ooba field names', async () => {
    const imported = await importCard(
      json({
        char_name: 'Bo',
        char_persona: 'A bard.',
        char_greeting: 'Hey!',
        world_scenario: 'Inn',
        example_dialogue: 'x',
      }),
    );
    expect(imported.card.data).toMatchObject({
      name: 'Bo',
      description: 'A bard.',
      first_mes: 'Hey!',
      scenario: 'Inn',
      mes_example: 'x',
    });
    expect(imported.card.char_persona).toBe('A bard.');
  });

  it('reads V2 with a character_book: data wins over root mirrors, unknown fields kept, numbers coerced', async () => {
    const { card, spec } = await importCard(json(v2Card()));
    expect(spec).toBe('v2');
    expect(card.data.name).toBe('Tess');
    expect(card.name).toBeUndefined();
    expect(card.x_root_unknown).toEqual({ keep: [1, 2, 3] });
    expect(card.creatorcomment).toBe('legacy comment');
    expect(card.data.x_data_unknown).toBe('kept');
    expect(card.data.avatar).toBe('chub-data-avatar');
    expect(card.data.character_version).toBe('3');
    expect(card.data.extensions.depth_prompt).toEqual({ prompt: 'x', depth: 4, role: 'system' });
    const book = card.data.character_book!;
    expect(book.scan_depth).toBe(3);
    expect(book.id).toBe('wyvern-book-id');
    expect(book.entries[0]).toMatchObject({
      insertion_order: 10,
      entry_id: 'wyvern-entry-1',
      use_regex: false,
    });
    expect(book.entries[0].extensions.display_index).toBe(0);
    expect(book.entries[1]).toMatchObject({ mode: 'folder', position: '' });
  });

  it('reads V3, strips a UTF-8 BOM and keeps a millisecond creation_date in ms (issue 22 item 4)', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...json(v3Card())]);
    const { card, spec, warnings } = await importCard(bytes);
    expect(spec).toBe('v3');
    expect(card.data.creation_date).toBe(1_700_000_000_000);
    expect(card.data.modification_date).toBe(1_700_000_500);
    expect(card.data.nickname).toBe('Iri-chan');
    expect(card.data.extensions.hearth).toEqual({ version: 1, name: 'Iri', greetings: ['Shh.'] });
    expect(card.x_v3_root).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('imports a newer spec_version with a warning instead of refusing', async () => {
    const { warnings, card } = await importCard(json({ ...v3Card(), spec_version: '3.1' }));
    expect(card.spec_version).toBe('3.1');
    expect(warnings.join(' ')).toMatch(/3\.1/);
  });

  it('fills defaults for missing extensions, book names and entry ids, and the literal "undefined" version', async () => {
    const card = v2Card();
    const data = card.data as Record<string, unknown>;
    delete data.extensions;
    data.character_version = 'undefined';
    const imported = await importCard(json(card));
    expect(imported.card.data.extensions).toEqual({});
    expect(imported.card.data.character_book?.entries[1].id).toBeUndefined();
    expect(imported.card.data.character_version).toBe('');
  });
});

describe('importCard: JSON quirks', () => {
  it('resolves RisuAI inline data: URI assets, sniffing the real type', async () => {
    const icon = await plainPng(3, 3);
    const card = v3Card();
    card.data.assets = [
      {
        type: 'icon',
        uri: `data:application/octet-stream;base64,${Buffer.from(icon).toString('base64')}`,
        name: 'main',
        ext: 'png',
      },
    ];
    const imported = await importCard(json(card));
    expect(imported.assets[0]).toMatchObject({ mime: 'image/png', bytes: icon });
    expect(imported.avatar).toEqual(icon);
  });

  it('imports a card whose icon is not a readable image, without an avatar and with a warning', async () => {
    const card = v3Card();
    card.data.assets = [
      { type: 'icon', uri: 'data:image/png;base64,iVBORw0KGgo=', name: 'main', ext: 'png' },
    ];
    const imported = await importCard(json(card));
    expect(imported.avatar).toBeUndefined();
    expect(imported.warnings.join(' ')).toMatch(/without an avatar/);
  });

  it("reads Agnai's native export (persona attributes, greeting, sampleChat)", async () => {
    const imported = await importCard(
      json({
        kind: 'character',
        name: 'Ash',
        greeting: 'Yo.',
        sampleChat: '{{char}}: hm',
        persona: { kind: 'wpp', attributes: { mind: ['calm', 'sharp'] } },
      }),
    );
    expect(imported.card.data).toMatchObject({
      name: 'Ash',
      first_mes: 'Yo.',
      mes_example: '{{char}}: hm',
      description: 'mind: calm, sharp',
    });
  });

  it('accepts a V1 card without a name', async () => {
    expect((await importCard(json({ description: 'Only this.' }))).card.data).toMatchObject({
      name: '',
      description: 'Only this.',
    });
  });
});

describe('importCard: PNG', () => {
  it('reads a V2 card from a chara chunk and returns the image without it', async () => {
    const png = insertChunks(await plainPng(), [
      textChunk('chara', base64Json(v2Card())),
      textChunk('Title', 'x'),
    ]);
    const imported = await importCard(png, { filename: 'tess.png' });
    expect(imported.source).toBe('png');
    expect(imported.spec).toBe('v2');
    expect(imported.card.data.name).toBe('Tess');
    expect(listTextChunks(imported.avatar!)).toEqual([['Title', 'x']]);
  });

  it('reads a V3 card from ccv3 matching the keyword case-insensitively', async () => {
    const png = insertChunks(await plainPng(), [textChunk('CCV3', base64Json(v3Card()))]);
    const imported = await importCard(png);
    expect(imported.spec).toBe('v3');
    expect(imported.card.data.name).toBe('Iri');
  });

  it('prefers ccv3 over chara, wherever the chunks sit', async () => {
    const stale = { ...v2Card(), data: { ...v2Card().data, name: 'From chara' } };
    const png = insertChunks(
      await plainPng(),
      [textChunk('Chara', base64Json(stale)), textChunk('ccv3', base64Json(v3Card()))],
      'before',
    );
    expect((await importCard(png)).card.data.name).toBe('Iri');
  });

  it('trusts the JSON spec, not the keyword (ST writes V3 JSON into chara)', async () => {
    const png = insertChunks(await plainPng(), [textChunk('chara', base64Json(v3Card()))]);
    expect((await importCard(png)).spec).toBe('v3');
  });

  it('falls back to chara with a warning when ccv3 is unreadable', async () => {
    const png = insertChunks(await plainPng(), [
      textChunk('ccv3', '%%%not base64'),
      textChunk('chara', base64Json(v2Card())),
    ]);
    const imported = await importCard(png);
    expect(imported.card.data.name).toBe('Tess');
    expect(imported.warnings.join(' ')).toMatch(/ccv3/);
  });

  it('resolves legacy chara-ext-asset chunks referenced as __asset:N by RisuAI V2 extensions', async () => {
    const emotion = await plainPng(2, 2);
    const card = v2Card();
    (card.data.extensions as Record<string, unknown>).risuai = { emotions: [['happy', '__asset:1']] };
    const png = insertChunks(await plainPng(), [
      textChunk('chara', base64Json(card)),
      textChunk('chara-ext-asset_:1', Buffer.from(emotion).toString('base64')),
    ]);
    const imported = await importCard(png);
    expect(imported.assets).toEqual([
      {
        type: 'emotion',
        name: 'happy',
        ext: 'png',
        uri: '__asset:1',
        bytes: new Uint8Array(emotion),
        mime: 'image/png',
      },
    ]);
    expect(listTextChunks(imported.avatar!)).toEqual([]);
  });
});

describe('importCard: CHARX', () => {
  const charxCard = () => ({
    ...v3Card(),
    data: {
      ...v3Card().data,
      assets: [
        { type: 'icon', uri: 'embeded://assets/icon/image/main.png', name: 'main', ext: 'png' },
        {
          type: 'emotion',
          uri: 'embedded://assets/emotion/image/joy.png',
          name: 'joy',
          ext: 'png',
          x_asset: 1,
        },
        { type: 'x-risu-asset', uri: 'embeded://assets/other/image/missing.png', name: 'gone', ext: 'png' },
        { type: 'background', uri: 'https://example.test/bg.png', name: 'main', ext: 'png' },
      ],
    },
  });

  it('reads card.json, resolves embeded:// and embedded:// assets, keeps module.risum and x_meta', async () => {
    const icon = await plainPng(4, 4);
    const webp = new Uint8Array(await (await import('sharp')).default(icon).webp().toBuffer());
    const archive = zip({
      'card.json': JSON.stringify(charxCard()),
      'assets/icon/image/main.png': icon,
      'assets/emotion/image/joy.png': webp,
      'module.risum': new Uint8Array([111, 0, 4, 0, 0, 0, 1, 2, 3, 4]),
      'x_meta/main.json': '{"type":"png"}',
    });
    const imported = await importCard(archive, { filename: 'iri.charx' });
    expect(imported.source).toBe('charx');
    expect(imported.avatar).toEqual(icon);
    expect(imported.assets.map((asset) => [asset.name, asset.mime, (asset.bytes?.length ?? 0) > 0])).toEqual([
      ['main', 'image/png', true],
      ['joy', 'image/webp', true], // WEBP bytes under a .png name: sniffed
      ['gone', 'image/png', false],
      ['main', 'image/png', false],
    ]);
    expect(imported.files.map((file) => file.path).sort()).toEqual(['module.risum', 'x_meta/main.json']);
    expect(imported.warnings.join(' ')).toMatch(/"gone"/);
    expect(imported.card.data.assets?.[1].x_asset).toBe(1);
  });

  it('accepts a Node Buffer and returns plain Uint8Array bytes', async () => {
    const icon = await plainPng(4, 4);
    const card = {
      ...v3Card(),
      data: {
        ...v3Card().data,
        assets: [{ type: 'icon', uri: 'embeded://i.png', name: 'main', ext: 'png' }],
      },
    };
    const imported = await importCard(
      Buffer.from(zip({ 'card.json': JSON.stringify(card), 'i.png': icon, 'module.risum': 'm' })),
    );
    expect(Buffer.isBuffer(imported.avatar)).toBe(false);
    expect(imported.avatar).toEqual(icon);
    expect(Buffer.isBuffer(imported.files[0].bytes)).toBe(false);
  });

  it('finds the archive inside a JPEG-prefixed CHARX', async () => {
    const jpeg = new Uint8Array(
      await (await import('sharp'))
        .default(await plainPng())
        .jpeg()
        .toBuffer(),
    );
    const archive = zip({ 'card.json': JSON.stringify(v3Card()) });
    const imported = await importCard(new Uint8Array([...jpeg, ...archive]), { filename: 'iri.jpeg' });
    expect(imported.source).toBe('charx');
    expect(imported.card.data.name).toBe('Iri');
  });
});
