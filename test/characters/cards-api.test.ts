import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { countCharacters, createCharacterAs, minimalDoc, multipartFile, publish } from './helpers.js';

const v2Card = {
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: {
    name: 'Odessa Vane',
    description: 'A retired stage magician who runs a puzzle shop.',
    personality: 'theatrical, warm',
    scenario: 'A rainy evening in the shop.',
    first_mes: 'Pick a card, {{user}}. Any card.',
    mes_example: '',
    creator_notes: 'Original character.',
    system_prompt: 'CARD-SYSTEM-PROMPT-SECRET',
    post_history_instructions: '',
    alternate_greetings: ['Back again?'],
    tags: ['Magic', 'puzzles'],
    creator: 'someone',
    character_version: '1.0',
    extensions: { 'x-unknown-tool': { keep: [1, 2, 3] } },
    character_book: {
      name: 'Shop lore',
      extensions: {},
      entries: [
        {
          keys: ['deck'],
          content: 'The deck is always 53 cards.',
          extensions: {},
          enabled: true,
          insertion_order: 1,
        },
      ],
    },
  },
  x_top_level: 'kept',
};

describeEachDialect('characters card import/export and avatars', (dialect) => {
  let test: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-chars-'));
    test = await createTestApp(dialect, { env: { HEARTH_DATA_DIR: dataDir } });
    owner = await signUpTestUser(test.app);
    other = await signUpTestUser(test.app);
  });
  afterEach(async () => {
    await test.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (user: TestUser, url: string, body: ReturnType<typeof multipartFile>) =>
    test.app.inject({
      method: 'POST',
      url,
      headers: { ...user.headers, ...body.headers },
      payload: body.payload,
    });

  it('imports a V2 JSON card with its lorebook and exports it losslessly', async () => {
    const response = await upload(
      owner,
      '/api/characters/import',
      multipartFile(JSON.stringify(v2Card), 'odessa.json', 'application/json'),
    );
    expect(response.statusCode).toBe(201);
    const character = response.json().character;
    expect(character).toMatchObject({
      name: 'Odessa Vane',
      status: 'draft',
      visibility: 'private',
      tags: ['magic', 'puzzles'],
    });
    const books = await test.services.db.kysely
      .selectFrom('lorebooks')
      .selectAll()
      .where('character_id', '=', character.id)
      .execute();
    expect(books).toHaveLength(1);

    const exported = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}/export?format=json`,
      headers: owner.headers,
    });
    expect(exported.statusCode).toBe(200);
    const card = exported.json();
    expect(card.data.extensions['x-unknown-tool']).toEqual({ keep: [1, 2, 3] });
    expect(card.data.character_book.entries[0].content).toBe('The deck is always 53 cards.');
    // Lossless export (issue 22 item 4): nothing is added to an imported card, not even Hearth's doc.
    expect(card).toEqual(v2Card);
    expect(card.data.system_prompt).toBe('CARD-SYSTEM-PROMPT-SECRET');

    // Another account imports the export and keeps the whole design doc.
    const reimport = await upload(
      other,
      '/api/characters/import',
      multipartFile(exported.body, 'odessa.json', 'application/json'),
    );
    expect(reimport.statusCode).toBe(201);
    const mine = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}`,
      headers: owner.headers,
    });
    const theirs = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${reimport.json().character.id}`,
      headers: other.headers,
    });
    const { visibility: _a, status: _b, ...ownerDoc } = mine.json().character.doc;
    const { visibility: _c, status: _d, ...otherDoc } = theirs.json().character.doc;
    expect(otherDoc).toEqual(ownerDoc);
  });

  it('exports PNG and CHARX that import again; non-owners get no card system prompt', async () => {
    const imported = await upload(
      owner,
      '/api/characters/import',
      multipartFile(JSON.stringify(v2Card), 'odessa.json'),
    );
    const id = imported.json().character.id;
    await publish(test.app, owner, id);
    for (const format of ['png', 'charx']) {
      const exported = await test.app.inject({
        method: 'GET',
        url: `/api/characters/${id}/export?format=${format}`,
        headers: other.headers,
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.rawPayload.includes(Buffer.from('CARD-SYSTEM-PROMPT-SECRET'))).toBe(false);
      const again = await upload(
        other,
        '/api/characters/import',
        multipartFile(exported.rawPayload, `odessa.${format}`),
      );
      expect(again.statusCode).toBe(201);
      expect(again.json().character.name).toBe('Odessa Vane');
    }
  });

  it('refuses malformed and hostile files with 422 and stores nothing', async () => {
    const before = await countCharacters(test);
    const cases: [string | Uint8Array, string][] = [
      ['{"spec": "chara_card_v2", "data": ', 'broken.json'],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 'truncated.png'],
      ['not a card at all', 'notes.txt'],
      [`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'deep.json'],
      [
        JSON.stringify({ ...v2Card, data: { ...v2Card.data, description: 'She is a 15-year-old runaway.' } }),
        'minor.json',
      ],
    ];
    for (const [bytes, name] of cases) {
      const response = await upload(owner, '/api/characters/import', multipartFile(bytes, name));
      expect(response.statusCode, name).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, name).toBeLessThan(500);
      expect(response.json().error.message.length, name).toBeGreaterThan(5);
    }
    expect(await countCharacters(test)).toBe(before);
    expect(await test.services.db.kysely.selectFrom('lorebooks').selectAll().execute()).toEqual([]);
  });

  it('refuses an upload over the limit with 413', async () => {
    const small = await createTestApp(dialect, {
      env: { HEARTH_DATA_DIR: dataDir, HEARTH_UPLOAD_LIMIT: '1000' },
    });
    try {
      const user = await signUpTestUser(small.app);
      const body = multipartFile('x'.repeat(5000), 'big.json');
      const response = await small.app.inject({
        method: 'POST',
        url: '/api/characters/import',
        headers: { ...user.headers, ...body.headers },
        payload: body.payload,
      });
      expect(response.statusCode).toBe(413);
      expect(await countCharacters(small)).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('resizes avatars to webp, strips EXIF, and serves them only to viewers', async () => {
    const character = await createCharacterAs(test.app, owner, minimalDoc());
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#884422' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'GPS-SECRET-EXIF' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const denied = await upload(
      other,
      `/api/characters/${character.id}/avatar`,
      multipartFile(jpeg, 'me.jpg', 'image/jpeg'),
    );
    expect(denied.statusCode).toBe(404);
    const response = await upload(
      owner,
      `/api/characters/${character.id}/avatar`,
      multipartFile(jpeg, 'me.jpg', 'image/jpeg'),
    );
    expect(response.statusCode).toBe(200);
    const served = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}/avatar`,
      headers: owner.headers,
    });
    expect(served.headers['content-type']).toBe('image/webp');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect(meta.exif).toBeUndefined();
    const thumb = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}/avatar?size=thumb`,
      headers: owner.headers,
    });
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(128);
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: `/api/characters/${character.id}/avatar`,
          headers: other.headers,
        })
      ).statusCode,
    ).toBe(404);
    const garbage = await upload(
      owner,
      `/api/characters/${character.id}/avatar`,
      multipartFile('not an image', 'x.png', 'image/png'),
    );
    expect(garbage.statusCode).toBe(422);
    expect(garbage.json().error.code).toBe('invalid_image');
  });
});
