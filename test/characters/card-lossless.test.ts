import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { importCard } from '../../src/characters/cards/index.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { listTextChunks } from '../helpers/card-fixtures.js';
import { describeEachDialect } from '../helpers/databases.js';
import {
  hardCharx,
  hardPng,
  hardV1,
  hardV2,
  hardV2Png,
  hardV3,
  jsonBytes,
  longGreeting,
} from '../helpers/lossless-card-fixtures.js';
import { multipartFile, publish } from './helpers.js';

/** Members of a zip in archive order, with their bytes. */
function membersOf(bytes: Uint8Array): Array<[string, Uint8Array]> {
  return Object.entries(unzipSync(bytes));
}

const cardChunk = (png: Uint8Array, keyword: string) => {
  const found = listTextChunks(png).find(([name]) => name === keyword);
  return found ? JSON.parse(Buffer.from(found[1], 'base64').toString('utf8')) : undefined;
};

describeEachDialect('lossless card round trips (issue 21 "cards lossless", issue 22 item 4)', (dialect) => {
  let test: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-lossless-'));
    test = await createTestApp(dialect, { env: { HEARTH_DATA_DIR: dataDir } });
    owner = await signUpTestUser(test.app);
    other = await signUpTestUser(test.app);
  });
  afterEach(async () => {
    await test.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function importAs(user: TestUser, bytes: Uint8Array, filename: string): Promise<string> {
    const body = multipartFile(bytes, filename);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/characters/import',
      headers: { ...user.headers, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().character.id;
  }

  async function exportAs(user: TestUser, id: string, format: string): Promise<Uint8Array> {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${id}/export?format=${format}`,
      headers: user.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return new Uint8Array(response.rawPayload);
  }

  async function editDoc(id: string, change: (doc: Record<string, unknown>) => void): Promise<void> {
    const current = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${id}`,
      headers: owner.headers,
    });
    const doc = current.json().character.doc;
    change(doc);
    const response = await test.app.inject({
      method: 'PATCH',
      url: `/api/characters/${id}`,
      headers: owner.headers,
      payload: { doc },
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  const jsonCases: Array<[string, () => Uint8Array]> = [
    ['V1 JSON', () => jsonBytes(hardV1())],
    ['V2 JSON (CRLF mes_example, root copies)', () => jsonBytes(hardV2())],
    ['V3 JSON (15,000-char greeting, ms date, Wyvern root copies)', () => jsonBytes(hardV3())],
    ['V3 JSON pretty-printed with CRLF', () => jsonBytes(hardV3(), true)],
  ];

  for (const [label, build] of jsonCases) {
    it(`${label} → JSON export is the imported file, byte for byte`, async () => {
      const original = build();
      const id = await importAs(owner, original, 'card.json');
      expect(Buffer.from(await exportAs(owner, id, 'json')).equals(Buffer.from(original))).toBe(true);
    });
  }

  it('PNG with ccv3, chara, Title and a RisuAI asset chunk → PNG export is the imported file, byte for byte', async () => {
    const original = await hardPng();
    const id = await importAs(owner, original, 'card.png');
    expect(Buffer.from(await exportAs(owner, id, 'png')).equals(Buffer.from(original))).toBe(true);
  });

  it('V2 PNG (chara before IDAT) → PNG export is the imported file, byte for byte', async () => {
    const original = await hardV2Png();
    const id = await importAs(owner, original, 'card.png');
    expect(Buffer.from(await exportAs(owner, id, 'png')).equals(Buffer.from(original))).toBe(true);
  });

  it('CHARX with 30 assets, module.risum, x_meta and app data → CHARX keeps every member, byte for byte, in order', async () => {
    const { bytes, members } = await hardCharx();
    const id = await importAs(owner, bytes, 'card.charx');
    const exported = membersOf(await exportAs(owner, id, 'charx'));
    expect(exported.map(([name]) => name)).toEqual(Object.keys(members));
    for (const [name, content] of exported) {
      expect(Buffer.from(content).equals(Buffer.from(members[name])), name).toBe(true);
    }
  });

  it('issue 22 item 4: an unedited CHARX exports as the very archive that was imported, byte for byte', async () => {
    const { bytes } = await hardCharx();
    const id = await importAs(owner, bytes, 'card.charx');
    expect(Buffer.from(await exportAs(owner, id, 'charx')).equals(Buffer.from(bytes))).toBe(true);
  });

  it('CHARX → PNG embeds every asset as a chara-ext-asset chunk; the card fields come back unchanged', async () => {
    const { bytes, members } = await hardCharx();
    const id = await importAs(owner, bytes, 'card.charx');
    const png = await exportAs(owner, id, 'png');
    const back = await importCard(png);
    const original = hardV3();
    const ccv3 = cardChunk(png, 'ccv3');
    for (const key of Object.keys(original.data).filter((key) => key !== 'assets')) {
      expect(ccv3.data[key], key).toEqual(original.data[key as keyof typeof original.data]);
    }
    expect(ccv3.x_root).toBe('kept');
    expect(back.assets).toHaveLength(30);
    for (const [index, asset] of back.assets.entries()) {
      const member = ccv3.data.assets[index];
      expect(member.uri).toBe(`__asset:${index}`);
      const source = (
        JSON.parse(new TextDecoder().decode(members['card.json'])).data.assets[index] as { uri: string }
      ).uri.replace('embeded://', '');
      expect(Buffer.from(asset.bytes!).equals(Buffer.from(members[source])), source).toBe(true);
    }
  });

  it('JSON → PNG → import: the ccv3 chunk holds every field of the V3 card unchanged; a V2 card travels as chara alone', async () => {
    const v3 = hardV3();
    const v3Id = await importAs(owner, jsonBytes(v3), 'card.json');
    const v3Png = await exportAs(owner, v3Id, 'png');
    expect(cardChunk(v3Png, 'ccv3')).toEqual(v3);
    expect(cardChunk(v3Png, 'chara')).toMatchObject({
      spec: 'chara_card_v2',
      data: { first_mes: longGreeting },
    });
    expect((await importCard(v3Png)).original).toEqual(v3);

    const v2 = hardV2();
    const v2Id = await importAs(owner, jsonBytes(v2), 'card.json');
    const v2Png = await exportAs(owner, v2Id, 'png');
    expect(listTextChunks(v2Png).map(([keyword]) => keyword)).toEqual(['chara']);
    expect(cardChunk(v2Png, 'chara')).toEqual(v2);
  });

  it('JSON → CHARX: card.json is V3 with every data field of the card byte for byte, ms date kept in ms', async () => {
    const v2 = hardV2();
    const id = await importAs(owner, jsonBytes(v2), 'card.json');
    const members = Object.fromEntries(membersOf(await exportAs(owner, id, 'charx')));
    const card = JSON.parse(new TextDecoder().decode(members['card.json']));
    expect(card.spec).toBe('chara_card_v3');
    for (const [key, value] of Object.entries(v2.data)) expect(card.data[key], key).toEqual(value);

    const v3Id = await importAs(owner, jsonBytes(hardV3()), 'card.json');
    const v3Members = Object.fromEntries(membersOf(await exportAs(owner, v3Id, 'charx')));
    const v3Card = JSON.parse(new TextDecoder().decode(v3Members['card.json']));
    expect(v3Card.data.creation_date).toBe(1_712_345_678_901);
    expect(v3Card.data.first_mes).toBe(longGreeting);
  });

  it('a 15,000-character greeting imports whole and is the chat greeting', async () => {
    const id = await importAs(owner, jsonBytes(hardV3()), 'card.json');
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${id}`,
      headers: owner.headers,
    });
    expect(response.json().character.doc.greetings[0]).toBe(longGreeting.trim());
  });

  it('an edit in Hearth changes only that field (and its root copy); tags keep their case; dates keep their unit', async () => {
    const original = hardV3();
    const id = await importAs(owner, jsonBytes(original), 'card.json');
    await editDoc(id, (doc) => {
      doc.scenario = 'A storm night.';
      doc.tags = [...(doc.tags as string[]).filter((tag) => tag !== 'scifi'), 'lighthouse'];
    });
    const before = Math.floor(Date.now() / 1000);
    const card = JSON.parse(new TextDecoder().decode(await exportAs(owner, id, 'json')));
    const after = Math.floor(Date.now() / 1000);
    // modification_date was in seconds: it is bumped in seconds (creation_date stays in ms, untouched).
    expect(card.data.modification_date).toBeGreaterThanOrEqual(before);
    expect(card.data.modification_date).toBeLessThanOrEqual(after);
    const expected = structuredClone(original) as Record<string, any>;
    for (const target of [expected, expected.data]) {
      target.scenario = 'A storm night.';
      target.tags = ['Util-bot', 'Ünïcode-Tag', 'lighthouse'];
      target.modification_date = card.data.modification_date;
    }
    expect(card).toEqual(expected);
    expect(Object.keys(card)).toEqual(Object.keys(expected));
    expect(card.data.creation_date).toBe(1_712_345_678_901);
  });

  it('an edit of a PNG card rewrites both card chunks and keeps every other chunk', async () => {
    const original = await hardPng();
    const id = await importAs(owner, original, 'card.png');
    await editDoc(id, (doc) => {
      doc.name = 'Aerin';
    });
    const png = await exportAs(owner, id, 'png');
    expect(listTextChunks(png).map(([keyword]) => keyword)).toEqual(listTextChunks(original).map(([k]) => k));
    for (const keyword of ['ccv3', 'chara']) {
      const before = cardChunk(original, keyword);
      const after = cardChunk(png, keyword);
      expect(after.data.name).toBe('Aerin');
      expect(after.name).toBe('Aerin');
      const restored = { ...after, name: before.name, modification_date: before.modification_date };
      restored.data = {
        ...after.data,
        name: before.data.name,
        modification_date: before.data.modification_date,
      };
      expect(restored).toEqual(before);
    }
  });

  it("a non-owner's export blanks the card's system prompts and changes nothing else", async () => {
    const original = hardV3();
    const id = await importAs(owner, jsonBytes(original), 'card.json');
    expect((await publish(test.app, owner, id)).statusCode).toBe(200);
    const card = JSON.parse(new TextDecoder().decode(await exportAs(other, id, 'json')));
    const expected = structuredClone(original) as Record<string, any>;
    for (const target of [expected, expected.data]) {
      target.system_prompt = '';
      target.post_history_instructions = '';
    }
    expect(card).toEqual(expected);
  });
});
