import { describe, expect, it } from 'vitest';
import type { MemoryItemRow } from '../db/tables/memory.js';
import { buildMemoryBlock } from './memory-block.js';
import { estimateTokens } from './text.js';

function item(
  id: string,
  kind: MemoryItemRow['kind'],
  text: string,
  extra: Partial<MemoryItemRow> = {},
): MemoryItemRow {
  return {
    id,
    user_id: 'u',
    character_id: 'c',
    chat_id: null,
    kind,
    text,
    subject: null,
    importance: 5,
    valid_at: '2026-02-03T10:00:00.000Z',
    invalid_at: null,
    superseded_by: null,
    source_message_ids: '[]',
    range_start: null,
    range_end: null,
    partition_key: 'p',
    embedding: null,
    embedding_model: null,
    tokens: 0,
    created_at: '',
    updated_at: '',
    ...extra,
  };
}

describe('buildMemoryBlock', () => {
  it('puts profile, current facts, past facts, summaries and moments in their sections with dates', () => {
    const block = buildMemoryBlock(
      [
        {
          item: item('1', 'turn', 'User: Hello! I started learning the cello.\nCharacter: Wow, great!'),
          score: 3,
        },
        { item: item('2', 'fact', 'The user lives in Porto.'), score: 2 },
        {
          item: item('3', 'fact', 'The user lives in Leeds.', {
            invalid_at: '2026-01-20T00:00:00.000Z',
            valid_at: '2025-06-01T00:00:00.000Z',
          }),
          score: 1,
        },
      ],
      [{ field: 'name', value: 'Sam' }],
      500,
      estimateTokens,
    );
    expect(block.text).toMatchInlineSnapshot(`
      "About the user:
      - name: Sam

      What you know about the user (current):
      - (3 Feb 2026) The user lives in Porto.

      No longer true (kept for context):
      - used to be true (1 Jun 2025 – 20 Jan 2026): The user lives in Leeds.

      Relevant moments from earlier conversations:
      3 Feb 2026:
      - User: I started learning the cello."
    `);
    expect(block.included.map((row) => row.id)).toEqual(['1', '2', '3']);
  });

  it('never exceeds the budget and skips a long item for shorter ones after it', () => {
    const long = item('long', 'turn', 'x'.repeat(2000));
    const short = item('short', 'fact', 'The user likes tea.');
    const block = buildMemoryBlock(
      [
        { item: long, score: 2 },
        { item: short, score: 1 },
      ],
      [],
      60,
      estimateTokens,
    );
    expect(block.tokens).toBeLessThanOrEqual(60);
    expect(block.included.map((row) => row.id)).toEqual(['short']);
  });

  it('leaves out a moment that is only small talk, and does not count it as included', () => {
    const block = buildMemoryBlock(
      [
        {
          item: item('chatter', 'turn', 'User: Thanks, that sounds great!\nCharacter: Glad to hear it!'),
          score: 2,
        },
        { item: item('fact', 'turn', 'User: My sister Ines moved to Oslo.'), score: 1 },
      ],
      [],
      500,
      estimateTokens,
    );
    expect(block.included.map((row) => row.id)).toEqual(['fact']);
    expect(block.text).not.toContain('Glad');
  });

  it('fills the budget exactly: per-line rounding does not leave room unused', () => {
    const ranked = Array.from({ length: 40 }, (_, index) => ({
      item: item(`m${index}`, 'turn', `User: I planted ${index} tulips by the fence.`),
      score: 40 - index,
    }));
    for (const budget of [50, 77, 120, 301]) {
      const block = buildMemoryBlock(ranked, [], budget, estimateTokens);
      expect(block.tokens).toBeLessThanOrEqual(budget);
      // One more moment line (about 10 tokens) would not have fitted.
      expect(block.tokens).toBeGreaterThan(budget - 12);
    }
  });

  it('is empty when nothing is known', () => {
    expect(buildMemoryBlock([], [], 1500, estimateTokens)).toEqual({ text: '', tokens: 0, included: [] });
  });
});
