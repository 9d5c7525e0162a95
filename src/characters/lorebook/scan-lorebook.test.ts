import { describe, expect, it } from 'vitest';
import { book, ids, words } from '../../../test/helpers/lorebook-fixtures.js';
import { scanLorebook } from './scan-lorebook.js';

describe('scanLorebook: key matching', () => {
  it.each<[string, Record<string, unknown>, string[], boolean]>([
    ['plain key, case-insensitive by default', { keys: ['Dragon'] }, ['a DRAGON appears'], true],
    ['any of several keys', { keys: ['wyvern', 'dragon'] }, ['a dragon'], true],
    ['no key present', { keys: ['dragon'] }, ['a cat'], false],
    ['case_sensitive entry', { keys: ['Dragon'], case_sensitive: true }, ['a dragon'], false],
    [
      'case_sensitive in ST extensions',
      { keys: ['Dragon'], extensions: { case_sensitive: true } },
      ['a dragon'],
      false,
    ],
    ['substring by default', { keys: ['cat'] }, ['concatenate'], true],
    [
      'whole words (ST match_whole_words)',
      { keys: ['cat'], extensions: { match_whole_words: true } },
      ['concatenate'],
      false,
    ],
    [
      'whole words still match a word',
      { keys: ['cat'], extensions: { match_whole_words: true } },
      ['the cat.'],
      true,
    ],
    ['@@match_full_word', { keys: ['cat'], content: '@@match_full_word\nx' }, ['concat'], false],
    ['regex key', { keys: ['/dra(gon|ke)s?\\b/i'] }, ['two DRAKES'], true],
    ['regex key with use_regex', { keys: ['/^hello/'], use_regex: true }, ['say hello'], false],
    [
      'plain key with use_regex (ST exports it everywhere)',
      { keys: ['a.b'], use_regex: true },
      ['a.b'],
      true,
    ],
    ['invalid regex never matches', { keys: ['/(a+)+$/'] }, ['aaaa'], false],
    ['keys of [""] never fire', { keys: [''] }, ['anything'], false],
    ['disabled entry', { keys: ['cat'], enabled: false }, ['cat'], false],
    ['empty content is never inserted', { keys: ['cat'], content: '  ' }, ['cat'], false],
    ['constant entry without keys', { constant: true }, ['nothing'], true],
    ['RisuAI folder rows are never inserted', { keys: ['cat'], mode: 'folder' }, ['cat'], false],
  ])('%s', (_label, entry, messages, expected) => {
    expect(ids(book([entry]), messages)).toEqual(expected ? ['0'] : []);
  });
});

describe('scanLorebook: selective logic (secondary keys)', () => {
  const entry = (logic: number) => ({
    keys: ['sword'],
    secondary_keys: ['fire', 'ice'],
    selective: true,
    extensions: { selectiveLogic: logic },
  });
  it.each<[string, number, string, boolean]>([
    ['AND ANY with one secondary', 0, 'sword of fire', true],
    ['AND ANY with none', 0, 'sword', false],
    ['NOT ALL with one', 1, 'sword of fire', true],
    ['NOT ALL with all', 1, 'sword of fire and ice', false],
    ['NOT ANY with none', 2, 'sword', true],
    ['NOT ANY with one', 2, 'sword of ice', false],
    ['AND ALL with all', 3, 'sword of fire and ice', true],
    ['AND ALL with one', 3, 'sword of ice', false],
  ])('%s', (_label, logic, message, expected) => {
    expect(ids(book([entry(logic)]), [message])).toEqual(expected ? ['0'] : []);
  });

  it('ignores secondary keys unless selective', () => {
    expect(ids(book([{ keys: ['sword'], secondary_keys: ['fire'] }]), ['sword'])).toEqual(['0']);
  });
});

describe('scanLorebook: scan depth', () => {
  const messages = ['the dragon', 'two', 'three'];
  it('defaults to the last 2 messages', () => {
    expect(ids(book([{ keys: ['dragon'] }]), messages)).toEqual([]);
  });
  it('book scan_depth widens the window', () => {
    expect(ids(book([{ keys: ['dragon'] }], { scan_depth: 3 }), messages)).toEqual(['0']);
  });
  it('entry scan_depth (ST extension and @@scan_depth) overrides the book', () => {
    expect(ids(book([{ keys: ['dragon'], extensions: { scan_depth: 3 } }]), messages)).toEqual(['0']);
    expect(
      ids(book([{ keys: ['dragon'], content: '@@scan_depth 1\nx' }], { scan_depth: 3 }), messages),
    ).toEqual([]);
  });
  it('depth 0 scans nothing', () => {
    expect(ids(book([{ keys: ['three'] }], { scan_depth: 0 }), messages)).toEqual([]);
  });
});

describe('scanLorebook: positions and order', () => {
  it('maps spec, SillyTavern and decorator positions, sorted by position then insertion order', () => {
    const lorebook = book([
      { constant: true, position: 'after_char', insertion_order: 5 },
      { constant: true, position: 'before_char', insertion_order: 9 },
      { constant: true, position: 'before_char', insertion_order: 1 },
      { constant: true, extensions: { position: 4, depth: 2, role: 1 } },
      { constant: true, extensions: { position: 2 } },
      { constant: true, content: '@@position scenario\n@@depth 3\nx' },
      { constant: true, content: '@@depth 0\n@@role assistant\nprefill' },
      { constant: true, content: '@@reverse_depth 1\nx' },
      { constant: true, content: '@@position pt_custom\nx' },
    ]);
    const hits = scanLorebook(lorebook, {
      messages: ['a', 'b', 'c'],
      tokenCounter: words,
      budgetTokens: 100,
    });
    expect(hits.map((hit) => [hit.entryId, hit.position, hit.depth, hit.role, hit.customPosition])).toEqual([
      ['2', 'before_char', undefined, undefined, undefined],
      ['1', 'before_char', undefined, undefined, undefined],
      ['8', 'before_char', undefined, undefined, 'pt_custom'],
      ['5', 'scenario', undefined, undefined, undefined],
      ['0', 'after_char', undefined, undefined, undefined],
      ['4', 'author_note_top', undefined, undefined, undefined],
      ['3', 'at_depth', 2, 'user', undefined],
      ['7', 'at_depth', 2, 'system', undefined],
      ['6', 'at_depth', 0, 'assistant', undefined],
    ]);
    expect(hits.find((hit) => hit.entryId === '6')!.content).toBe('prefill');
  });
});

describe('scanLorebook: token budget', () => {
  const entries = [
    { keys: ['x'], content: 'one two three', priority: 1 },
    { keys: ['x'], content: 'four five', priority: 5 },
    { keys: ['x'], content: 'six', priority: 3 },
  ];
  it('keeps higher priority entries and skips what does not fit', () => {
    expect(ids(book(entries), ['x'], { budgetTokens: 4 })).toEqual(['1', '2']);
    expect(ids(book(entries), ['x'], { budgetTokens: 6 })).toEqual(['0', '1', '2']);
  });
  it('the book token_budget lowers the caller budget', () => {
    expect(ids(book(entries, { token_budget: 2 }), ['x'], { budgetTokens: 100 })).toEqual(['1']);
  });
  it('constants are admitted first; @@ignore_on_max_context entries last', () => {
    const lorebook = book([
      { keys: ['x'], content: '@@ignore_on_max_context\nhigh', priority: 99 },
      { keys: ['x'], content: 'mid', priority: 1 },
      { constant: true, content: 'always', priority: 0 },
    ]);
    expect(ids(lorebook, ['x'], { budgetTokens: 2 })).toEqual(['1', '2']);
  });
  it('a zero budget inserts nothing', () => {
    expect(ids(book([{ constant: true }]), [], { budgetTokens: 0 })).toEqual([]);
  });
  it('reports the tokens of each hit', () => {
    const [hit] = scanLorebook(book([{ constant: true, content: 'a b c' }]), {
      messages: [],
      tokenCounter: words,
      budgetTokens: 9,
    });
    expect(hit.tokens).toBe(3);
  });
});

describe('scanLorebook: recursion', () => {
  const chain = [
    { keys: ['castle'], content: 'The castle has a moat.' },
    { keys: ['moat'], content: 'The moat hides an eel.' },
    { keys: ['eel'], content: 'The eel is ancient.' },
  ];
  it('entry content triggers further entries, up to the max depth', () => {
    expect(ids(book(chain), ['the castle'])).toEqual(['0', '1', '2']);
    expect(ids(book(chain), ['the castle'], { maxRecursionDepth: 1 })).toEqual(['0', '1']);
    expect(ids(book(chain), ['the castle'], { maxRecursionDepth: 0 })).toEqual(['0']);
  });
  it('recursive_scanning: false forbids it', () => {
    expect(ids(book(chain, { recursive_scanning: false }), ['the castle'])).toEqual(['0']);
  });
  it('prevent_recursion and exclude_recursion (and their decorators) are honoured', () => {
    const prevent = structuredClone(chain);
    (prevent[0] as Record<string, unknown>).extensions = { prevent_recursion: true };
    expect(ids(book(prevent), ['the castle'])).toEqual(['0']);
    const exclude = structuredClone(chain);
    exclude[1].content = '@@no_recursive_search\nThe moat hides an eel.';
    expect(ids(book(exclude), ['the castle'])).toEqual(['0']);
  });
});
