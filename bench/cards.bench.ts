import sharp from 'sharp';
import { exportCard, importCard } from '../src/characters/cards/index.js';
import { compileLorebook, scanLorebook } from '../src/characters/lorebook/index.js';
import { type Bench, percentile, sampleMs } from './types.js';

/**
 * Character cards and lorebooks. Import of a PNG card (1000×1000 avatar, 200-entry book) against a bare
 * JSON.parse of the same card text; a lorebook scan (200 entries, 20 of them regex keys, 20 messages)
 * against a naive substring loop over the same keys — the price of the full feature set and ReDoS guard.
 */
const bench: Bench = {
  name: 'characters: cards and lorebook',
  async run() {
    const entries = Array.from({ length: 200 }, (_, index) => ({
      keys: index % 10 === 0 ? [`/\\bthing${index}s?\\b/i`] : [`word${index}`, `alias${index}`],
      content: `Entry ${index}: ${'lore text '.repeat(30)}`,
      extensions: {},
      enabled: true,
      insertion_order: index,
      use_regex: false,
      id: index,
    }));
    const card = {
      spec: 'chara_card_v3',
      spec_version: '3.0',
      data: { name: 'Bench', first_mes: 'Hi', extensions: {}, character_book: { extensions: {}, entries } },
    };
    const avatar = new Uint8Array(
      await sharp({ create: { width: 1000, height: 1000, channels: 3, background: { r: 90, g: 60, b: 50 } } })
        .png()
        .toBuffer(),
    );
    const imported = await importCard(new TextEncoder().encode(JSON.stringify(card)));
    const png = (await exportCard(imported.card, 'png', { avatar })).bytes;
    const text = JSON.stringify(card);
    const importSamples = await sampleMs(() => importCard(png), 30, 3);
    const parseSamples = await sampleMs(() => JSON.parse(text), 200);

    const book = compileLorebook(imported.card.data.character_book);
    const messages = Array.from({ length: 20 }, (_, index) =>
      `message ${index} about word${index * 9} and things${index * 10} `.repeat(8),
    );
    const scanSamples = await sampleMs(
      () =>
        scanLorebook(book, {
          messages,
          tokenCounter: (t) => Math.ceil(t.length / 4),
          budgetTokens: 2000,
          defaultScanDepth: 10,
        }),
      100,
    );
    const flatSamples = await sampleMs(
      () =>
        scanLorebook(book, {
          messages,
          tokenCounter: (t) => Math.ceil(t.length / 4),
          budgetTokens: 2000,
          defaultScanDepth: 10,
          maxRecursionDepth: 0,
        }),
      100,
    );
    const window = messages.slice(-10).join('\n').toLowerCase();
    const naiveSamples = await sampleMs(
      () => entries.filter((entry) => entry.keys.some((key) => window.includes(key.toLowerCase()))),
      100,
    );
    return [
      {
        name: `PNG card import p50 (${(png.length / 1024).toFixed(0)} KiB, 200 entries)`,
        value: percentile(importSamples, 50),
        unit: 'ms',
        baseline: { name: 'JSON.parse of the card p50', value: percentile(parseSamples, 50) },
      },
      {
        name: 'lorebook scan p50 (200 entries, 20 regex, recursion on)',
        value: percentile(scanSamples, 50),
        unit: 'ms',
        baseline: { name: 'naive substring loop p50', value: percentile(naiveSamples, 50) },
      },
      {
        name: 'lorebook scan p50 (same, recursion off)',
        value: percentile(flatSamples, 50),
        unit: 'ms',
        baseline: { name: 'naive substring loop p50', value: percentile(naiveSamples, 50) },
      },
    ];
  },
};
export default bench;
