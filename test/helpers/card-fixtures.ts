import { crc32 } from 'node:zlib';
import { zipSync } from 'fflate';
import sharp from 'sharp';

/** Builders for Character Card fixtures, generated in code (no binaries in the repo). */

export function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

export async function plainPng(width = 8, height = 8): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 100, b: 50 } } })
      .png()
      .toBuffer(),
  );
}

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function textChunk(keyword: string, text: string): Uint8Array {
  return pngChunk('tEXt', new Uint8Array(Buffer.from(`${keyword}\u0000${text}`, 'latin1')));
}

/** Inserts chunks into a PNG, right after IHDR (`before` IDAT) or right before IEND (`after`). */
export function insertChunks(
  png: Uint8Array,
  chunks: Uint8Array[],
  where: 'before' | 'after' = 'after',
): Uint8Array {
  const at = where === 'before' ? 8 + 25 : png.length - 12;
  return new Uint8Array(Buffer.concat([png.subarray(0, at), ...chunks, png.subarray(at)]));
}

/** The tEXt chunks of a PNG, in file order, as [keyword, text]. */
export function listTextChunks(png: Uint8Array): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1');
    if (type === 'tEXt') {
      const text = Buffer.from(png.subarray(at + 8, at + 8 + length)).toString('latin1');
      const nul = text.indexOf('\u0000');
      out.push([text.slice(0, nul), text.slice(nul + 1)]);
    }
    at += 12 + length;
  }
  return out;
}

export function chunkTypes(png: Uint8Array): string[] {
  const out: string[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; at += 12 + view.getUint32(at)) {
    out.push(Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1'));
  }
  return out;
}

export function zip(files: Record<string, Uint8Array | string>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([path, content]) => [
        path,
        typeof content === 'string' ? new TextEncoder().encode(content) : content,
      ]),
    ),
  );
}

export function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export const v1Card = () => ({
  name: 'Mara',
  description: '{{char}} is a lighthouse keeper.',
  personality: 'dry, patient',
  scenario: 'A storm night.',
  first_mes: 'Close the door, {{user}}.',
  mes_example: '<START>\n{{user}}: Hi\n{{char}}: Hm.',
  creatorcomment: 'Made by hand.',
  talkativeness: '0.5',
  fav: false,
  avatar: 'none',
  chat: 'Mara - 2023-5-12 @21h 32m 29s 228ms',
  create_date: '2023-5-12 @21h 32m 29s 228ms',
  tags: ['drama', 'sea'],
});

export const v2Card = () => ({
  spec: 'chara_card_v2',
  spec_version: '2.0',
  // Root mirrors as ST writes them, with a stale value: data must win.
  name: 'Old Name',
  description: 'stale',
  creatorcomment: 'legacy comment',
  x_root_unknown: { keep: [1, 2, 3] },
  data: {
    name: 'Tess',
    description: 'A cartographer.',
    personality: 'curious',
    scenario: 'Harbour town.',
    first_mes: 'Oh! A visitor.',
    mes_example: '<START>\n{{user}}: Map?\n{{char}}: Always.',
    creator_notes: 'For testing.',
    system_prompt: '{{original}} Stay in character.',
    post_history_instructions: '',
    alternate_greetings: ['Welcome back.', 'You again?'],
    tags: ['Adventure'],
    creator: 'someone',
    character_version: 3, // old RisuAI wrote a number
    extensions: {
      talkativeness: '0.5',
      world: 'Harbour',
      depth_prompt: { prompt: 'x', depth: 4, role: 'system' },
    },
    x_data_unknown: 'kept',
    avatar: 'chub-data-avatar',
    character_book: {
      name: 'Harbour lore',
      scan_depth: '3',
      token_budget: 500,
      recursive_scanning: true,
      extensions: { risu_fullWordMatching: false },
      id: 'wyvern-book-id',
      entries: [
        {
          keys: ['lighthouse', 'beacon'],
          content: 'The lighthouse has been dark for years.',
          extensions: {
            position: 0,
            selectiveLogic: 0,
            probability: 100,
            useProbability: true,
            display_index: 0,
          },
          enabled: true,
          insertion_order: '10',
          case_sensitive: false,
          id: 1,
          comment: 'lighthouse',
          selective: false,
          secondary_keys: [],
          position: 'before_char',
          entry_id: 'wyvern-entry-1',
          whole_words_only: false,
        },
        {
          keys: ['\uf000folder:abc'],
          content: '',
          extensions: {},
          enabled: true,
          insertion_order: 0,
          mode: 'folder',
          position: '',
        },
      ],
    },
  },
});

export const v3Card = () => ({
  spec: 'chara_card_v3',
  spec_version: '3.0',
  x_v3_root: true,
  data: {
    name: 'Iri',
    description: 'An archivist.',
    personality: '',
    scenario: '',
    first_mes: 'Shh.',
    mes_example: '',
    creator_notes: 'EN notes',
    creator_notes_multilingual: { fr: 'Notes FR' },
    system_prompt: '',
    post_history_instructions: '',
    alternate_greetings: [],
    group_only_greetings: ['Hello, all of you.'],
    tags: ['calm'],
    creator: 'c',
    character_version: '1.0',
    nickname: 'Iri-chan',
    source: ['https://example.test/iri'],
    creation_date: 1_700_000_000_000, // RisuAI wrote milliseconds
    modification_date: 1_700_000_500,
    extensions: { hearth: { version: 1, name: 'Iri', greetings: ['Shh.'] }, risuai: { customScripts: [] } },
    assets: [{ type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' }],
    character_book: {
      extensions: {},
      entries: [
        {
          keys: ['archive'],
          content: '@@depth 2\n@@role assistant\nThe archive hums.',
          extensions: {},
          enabled: true,
          insertion_order: 5,
          use_regex: true,
          id: 'a1',
        },
      ],
    },
  },
});

/** A stored-only zip written with Zip64 records everywhere (as some CHARX writers do for small files). */
export function zip64(files: Record<string, string>): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30 + nameBytes.length + 20);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(20, 28);
    nameBytes.copy(local, 30);
    local.writeUInt16LE(1, 30 + nameBytes.length);
    local.writeUInt16LE(16, 32 + nameBytes.length);
    local.writeBigUInt64LE(BigInt(data.length), 34 + nameBytes.length);
    local.writeBigUInt64LE(BigInt(data.length), 42 + nameBytes.length);
    const header = Buffer.alloc(46 + nameBytes.length + 28);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(45, 4);
    header.writeUInt16LE(45, 6);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(0xffffffff, 20);
    header.writeUInt32LE(0xffffffff, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt16LE(28, 30);
    header.writeUInt32LE(0xffffffff, 42);
    nameBytes.copy(header, 46);
    const extra = 46 + nameBytes.length;
    header.writeUInt16LE(1, extra);
    header.writeUInt16LE(24, extra + 2);
    header.writeBigUInt64LE(BigInt(data.length), extra + 4);
    header.writeBigUInt64LE(BigInt(data.length), extra + 12);
    header.writeBigUInt64LE(BigInt(offset), extra + 20);
    parts.push(local, data);
    central.push(header);
    offset += local.length + data.length;
  }
  const cd = Buffer.concat(central);
  const count = BigInt(central.length);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(count, 24);
  record.writeBigUInt64LE(count, 32);
  record.writeBigUInt64LE(BigInt(cd.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, record, locator, end]));
}

/** Rewrites the uncompressed size a zip declares for `name` (central directory and local header). */
export function lieAboutSize(archive: Uint8Array, name: string, size: number): Uint8Array {
  const out = Buffer.from(archive);
  const target = Buffer.from(name, 'utf8');
  for (let at = 0; at + 46 < out.length; at++) {
    const signature = out.readUInt32LE(at);
    if (signature === 0x02014b50 && out.subarray(at + 46, at + 46 + target.length).equals(target)) {
      out.writeUInt32LE(size, at + 24);
    } else if (signature === 0x04034b50 && out.subarray(at + 30, at + 30 + target.length).equals(target)) {
      out.writeUInt32LE(size, at + 22);
    }
  }
  return new Uint8Array(out);
}
