import { describe, expect, it } from 'vitest';
import { ids } from '../../../test/helpers/lorebook-fixtures.js';
import { lorebookFromJson } from './read-lorebook-file.js';

describe('lorebookFromJson', () => {
  it('reads a lorebook_v3 file and RisuAI wrappers', () => {
    const data = {
      name: 'B',
      extensions: {},
      entries: [
        { keys: ['k'], content: 'c', extensions: {}, enabled: true, insertion_order: 1, use_regex: false },
      ],
    };
    expect(lorebookFromJson({ spec: 'lorebook_v3', data }).entries[0].keys).toEqual(['k']);
    expect(lorebookFromJson({ spec: 'chara_book_v3', data }).name).toBe('B');
  });

  it('converts a SillyTavern world-info file, keeping ST fields and mapping settings to extensions', () => {
    const book = lorebookFromJson({
      entries: {
        7: {
          uid: 7,
          key: ['sword'],
          keysecondary: ['fire'],
          content: 'Flame blade.',
          order: 3,
          disable: false,
          selective: true,
          selectiveLogic: 2,
          position: 4,
          depth: 1,
          role: 2,
          matchWholeWords: true,
          automationId: '',
        },
      },
    });
    const entry = book.entries[0];
    expect(entry).toMatchObject({
      id: 7,
      keys: ['sword'],
      secondary_keys: ['fire'],
      insertion_order: 3,
      enabled: true,
      uid: 7,
    });
    expect(entry.extensions).toMatchObject({
      position: 4,
      depth: 1,
      role: 2,
      selectiveLogic: 2,
      match_whole_words: true,
    });
    expect(ids(book, ['a sword'])).toEqual(['7']);
    expect(ids(book, ['a sword of fire'])).toEqual([]); // NOT ANY
  });

  it('refuses what is not a lorebook', () => {
    expect(() => lorebookFromJson([1])).toThrow(
      expect.objectContaining({ code: 'invalid_lorebook', status: 422 }),
    );
    expect(() => lorebookFromJson({ spec: 'chara_card_v2', data: {} })).toThrow(/Unknown lorebook spec/);
    expect(() => lorebookFromJson({ name: 'x' })).toThrow(/no lorebook entries/);
  });
});
