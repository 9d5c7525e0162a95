import { crc32, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { insertChunks, plainPng, textChunk } from './card-fixtures.js';

/**
 * Cards that broke lossless export (issues 21 and 22): edge whitespace, mixed-case tags, a `<START>`-only
 * example, CRLF examples with trailing spaces, non-Latin text, a 15,000-character greeting, a separate
 * personality, ms dates, root copies, unknown keys at every level, and many assets with RisuAI's module.
 */
export const longGreeting = (() => {
  const unit = 'The tide turns slowly over the breakwater — 潮が満ちる、灯台の光。 ';
  return `\n${unit.repeat(Math.ceil(15_000 / unit.length))}`.slice(0, 14_999) + '\n';
})();

export function hardV3(assets: unknown[] = []) {
  const data = {
    name: ' Ærin Kaldr ',
    description: '\n記憶の灯台守。\r\nKeeps the lamp.  ',
    personality: 'wry, patient\n',
    scenario: '',
    first_mes: longGreeting,
    mes_example: '<START>',
    creator_notes: '\nStarts with a newline. Кириллица too.',
    system_prompt: '{{original}}\nStay in character.',
    post_history_instructions: '  trailing  ',
    alternate_greetings: ['  Back again?  ', 'おかえり。\n'],
    tags: ['Util-bot', 'Ünïcode-Tag', 'SciFi'],
    creator: ' someone ',
    character_version: '1.0 ',
    extensions: { risuai: { utilityBot: false, customScripts: [] }, x_tool: { deep: { keep: [1, 'two'] } } },
    group_only_greetings: [],
    nickname: 'Ærin',
    creation_date: 1_712_345_678_901,
    modification_date: 1_712_345_679,
    assets,
    x_data_unknown: { kept: true },
  };
  // Wyvern-style root copies of every data field, plus an unknown root key.
  return { spec: 'chara_card_v3', spec_version: '3.0', ...structuredClone(data), x_root: 'kept', data };
}

export function hardV2() {
  const data = {
    name: 'Tess Okonkwo',
    description: '  A cartographer.\n',
    personality: 'curious  ',
    scenario: ' Harbour town. ',
    first_mes: 'Oh! A visitor.\n',
    mes_example:
      '<START>\r\n{{user}}: Map?  \r\n{{char}}: *unrolls one*  Always.  \r\n<START>\r\nTess: no user line\r\n',
    creator_notes: '',
    system_prompt: '',
    post_history_instructions: '',
    alternate_greetings: [],
    tags: ['Adventure', 'MAPS', 'adventure'],
    creator: '',
    character_version: '',
    extensions: { talkativeness: '0.5', fav: false, depth_prompt: { prompt: 'x', depth: 4, role: 'system' } },
    character_book: {
      name: 'Charts',
      extensions: { risu_fullWordMatching: true },
      entries: [
        {
          keys: ['Reef'],
          content: '@@depth 2\nThe reef moves.  ',
          extensions: { position: 4, depth: 2 },
          enabled: true,
          insertion_order: 10,
          use_regex: true,
          entry_id: 'wyvern-1',
          mode: 'folder',
        },
      ],
    },
  };
  return {
    spec: 'chara_card_v2',
    spec_version: '2.0',
    name: data.name,
    description: data.description,
    personality: data.personality,
    scenario: data.scenario,
    first_mes: data.first_mes,
    mes_example: data.mes_example,
    creatorcomment: '',
    avatar: 'none',
    talkativeness: '0.5',
    fav: false,
    create_date: '2023-5-12 @21h 32m 29s 228ms',
    data,
  };
}

export function hardV1() {
  return {
    name: 'Mara ',
    description: '\tKeeps bees.\n',
    personality: 'Calm',
    scenario: '',
    first_mes: ' Hello. ',
    mes_example: '<START>',
    creatorcomment: '  hand made  ',
    talkativeness: '0.5',
    create_date: '1699999999999',
    tags: ['Bees', 'cozy'],
  };
}

/** Pretty-printed JSON with CRLF line ends, as Windows tools write it: the bytes must survive too. */
export function jsonBytes(card: unknown, pretty = false): Uint8Array {
  const text = pretty ? JSON.stringify(card, null, 2).replace(/\n/g, '\r\n') : JSON.stringify(card);
  return new TextEncoder().encode(text);
}

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/** A PNG as RisuRealm writes it: `ccv3` then `chara`, plus a `Title` chunk and a RisuAI asset chunk. */
export async function hardPng(): Promise<Uint8Array> {
  const card = hardV3([{ type: 'emotion', uri: '__asset:0', name: 'smile', ext: 'png' }]);
  const backfill = { ...card, spec: 'chara_card_v2', spec_version: '2.0' };
  return insertChunks(await plainPng(6, 6), [
    textChunk('ccv3', base64(card)),
    textChunk('chara', base64(backfill)),
    textChunk('Title', 'Ærin'.normalize('NFC').replace(/[^\x20-\x7e]/g, '?')),
    textChunk('chara-ext-asset_:0', Buffer.from(await plainPng(2, 3)).toString('base64')),
  ]);
}

export async function hardV2Png(): Promise<Uint8Array> {
  return insertChunks(await plainPng(5, 5), [textChunk('chara', base64(hardV2()))], 'before');
}

/** A RisuAI-style CHARX: 30 assets (images and audio), module.risum, x_meta and an app-data file. */
export async function hardCharx(): Promise<{ bytes: Uint8Array; members: Record<string, Uint8Array> }> {
  const members: Record<string, Uint8Array> = {};
  const assets: unknown[] = [];
  for (let i = 0; i < 30; i++) {
    const isAudio = i % 5 === 4;
    const type = i === 0 ? 'icon' : isAudio ? 'x-risu-asset' : 'emotion';
    const name = i === 0 ? 'main' : `asset ${i}`;
    const ext = isAudio ? 'mp3' : 'png';
    const folder = type === 'icon' ? 'icon' : type === 'emotion' ? 'emotion' : 'other';
    const path = `assets/${folder}/${isAudio ? 'audio' : 'image'}/${i}.${ext}`;
    members[path] = isAudio
      ? new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, ...Buffer.from(`audio ${i}`)])
      : await plainPng(2 + (i % 4), 2 + (i % 3));
    assets.push({ type, uri: `embeded://${path}`, name, ext });
  }
  members['module.risum'] = new Uint8Array([111, 0, 16, 0, 0, 0, ...crcBytes('module body')]);
  members['x_meta/asset 1.json'] = new TextEncoder().encode('{"type":"png"}');
  members['risu_app_data.json'] = new TextEncoder().encode('{ "unknown": [ 1 ] }\n');
  const card = new TextEncoder().encode(JSON.stringify(hardV3(assets), null, '\t'));
  const bytes = zipSync({ 'card.json': card, ...members });
  return { bytes, members: { 'card.json': card, ...members } };
}

function crcBytes(text: string): Uint8Array {
  const body = Buffer.from(text);
  const out = Buffer.alloc(body.length + 4);
  body.copy(out);
  out.writeUInt32LE(crc32(body), body.length);
  return new Uint8Array(out);
}

/**
 * A zip built from members deflated once with node:zlib (fflate takes seconds to pack tens of MiB of
 * zeros; a bomb test needs the same compressed member many times).
 */
export interface DeflatedMember {
  name: string;
  content: Uint8Array;
  /** The member already deflated (raw), to reuse one packed body many times. */
  deflated?: Uint8Array;
}

export function zipOfDeflated(members: DeflatedMember[]) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const data = Buffer.from(member.deflated ?? deflateRawSync(member.content));
    const crc = crc32(member.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(member.content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(member.content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
