import type { ScanOptions } from '../../src/characters/lorebook/scan-lorebook.js';
import { scanLorebook } from '../../src/characters/lorebook/scan-lorebook.js';
import type { Lorebook } from '../../src/characters/lorebook/types.js';

/** Lorebook builders for engine tests: a fake token counter (one token per word) and entry defaults. */
export const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function book(entries: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Lorebook {
  return {
    extensions: {},
    ...extra,
    entries: entries.map((entry, index) => ({
      keys: [],
      content: `content ${index}`,
      extensions: {},
      enabled: true,
      insertion_order: 100,
      use_regex: false,
      id: index,
      ...entry,
    })),
  } as Lorebook;
}

export function ids(lorebook: Lorebook, messages: string[], options: Partial<ScanOptions> = {}): string[] {
  return scanLorebook(lorebook, { messages, tokenCounter: words, budgetTokens: 1000, ...options }).map(
    (hit) => hit.entryId,
  );
}
