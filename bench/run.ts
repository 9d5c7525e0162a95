import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './types.js';

/**
 * `npm run bench [filter]`: runs every bench/*.bench.ts and prints each figure with its in-run baseline.
 * `--json` prints one JSON array instead of the table.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const filter = args.find((arg) => !arg.startsWith('--'));

function format(result: BenchResult): string {
  const value = `${result.value.toFixed(result.unit === 'count' ? 0 : 2)} ${result.unit}`;
  let comparison = '';
  if (result.baseline) {
    const ratio =
      result.baseline.value === 0 ? Number.POSITIVE_INFINITY : result.value / result.baseline.value;
    const difference = result.value - result.baseline.value;
    comparison = ` | baseline ${result.baseline.name}: ${result.baseline.value.toFixed(2)} ${result.unit} | ratio ${ratio.toFixed(2)}x, diff ${difference >= 0 ? '+' : ''}${difference.toFixed(2)} ${result.unit}`;
  }
  return `  ${result.name}: ${value}${comparison}${result.target ? ` | target ${result.target}` : ''}`;
}

const files = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => !filter || file.includes(filter))
  .sort();

const all: (BenchResult & { bench: string })[] = [];
for (const file of files) {
  const bench = (await import(pathToFileURL(path.join(here, file)).href)).default as Bench;
  if (!asJson) console.log(`${bench.name}`);
  const results = await bench.run();
  for (const result of results) {
    all.push({ bench: bench.name, ...result });
    if (!asJson) console.log(format(result));
  }
}
if (asJson) console.log(JSON.stringify(all, null, 2));
if (files.length === 0) console.log('No benches matched.');
