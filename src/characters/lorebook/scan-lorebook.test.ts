import { describe, expect, it } from 'vitest';
import { compileLorebook } from './compile-lorebook.js';
import { type ScanOptions, scanLorebook } from './scan-lorebook.js';
import type { Lorebook } from './types.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function book(entries: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Lorebook {
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

function ids(lorebook: Lorebook, messages: string[], options: Partial<ScanOptions> = {}): string[] {
  return scanLorebook(lorebook, { messages, tokenCounter: words, budgetTokens: 1000, ...options }).map(
    (hit) => hit.entryId,
  );
}

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

describe('scanLorebook: activation decorators and probability', () => {
  const run = (
    entry: Record<string, unknown>,
    options: Partial<ScanOptions> = {},
    messages = ['hello cat'],
  ) => ids(book([entry]), messages, options);
  it.each<[string, Record<string, unknown>, Partial<ScanOptions>, boolean]>([
    ['@@activate matches without keys', { content: '@@activate\nx' }, {}, true],
    ['@@dont_activate blocks a key match', { keys: ['cat'], content: '@@dont_activate\nx' }, {}, false],
    ['@@dont_activate with @@activate', { content: '@@dont_activate\n@@activate\nx' }, {}, true],
    [
      '@@activate_only_after, too early',
      { keys: ['cat'], content: '@@activate_only_after 3\nx' },
      { assistantMessageCount: 2 },
      false,
    ],
    [
      '@@activate_only_after, late enough',
      { keys: ['cat'], content: '@@activate_only_after 3\nx' },
      { assistantMessageCount: 3 },
      true,
    ],
    [
      '@@activate_only_every, off beat',
      { keys: ['cat'], content: '@@activate_only_every 2\nx' },
      { assistantMessageCount: 3 },
      false,
    ],
    [
      '@@activate_only_every, on beat',
      { keys: ['cat'], content: '@@activate_only_every 2\nx' },
      { assistantMessageCount: 4 },
      true,
    ],
    [
      '@@is_greeting other greeting',
      { keys: ['cat'], content: '@@is_greeting 1\nx' },
      { greetingIndex: 0 },
      false,
    ],
    [
      '@@is_greeting active greeting',
      { keys: ['cat'], content: '@@is_greeting 1\nx' },
      { greetingIndex: 1 },
      true,
    ],
    ['@@additional_keys missing', { keys: ['cat'], content: '@@additional_keys dog,bird\nx' }, {}, false],
    ['@@exclude_keys present', { keys: ['cat'], content: '@@exclude_keys hello\nx' }, {}, false],
    [
      '@@is_user_icon mismatch',
      { keys: ['cat'], content: '@@is_user_icon knight\nx' },
      { activeUserIcon: 'mage' },
      false,
    ],
    [
      '@@is_user_icon match',
      { keys: ['cat'], content: '@@is_user_icon knight\nx' },
      { activeUserIcon: 'knight' },
      true,
    ],
    [
      '@@keep_activate_after_match',
      { keys: ['dog'], content: '@@keep_activate_after_match\nx' },
      { previouslyMatched: ['0'] },
      true,
    ],
    [
      '@@dont_activate_after_match',
      { keys: ['cat'], content: '@@dont_activate_after_match\nx' },
      { previouslyMatched: ['0'] },
      false,
    ],
    ['ST delay, not enough messages', { keys: ['cat'], extensions: { delay: 5 } }, {}, false],
    ['probability 0', { keys: ['cat'], extensions: { probability: 0, useProbability: true } }, {}, false],
    [
      'probability ignored when useProbability is false',
      { keys: ['cat'], extensions: { probability: 0, useProbability: false } },
      {},
      true,
    ],
    ['@@probability 100', { keys: ['cat'], content: '@@probability 100\nx' }, {}, true],
  ])('%s', (_label, entry, options, expected) => {
    expect(run(entry, options)).toEqual(expected ? ['0'] : []);
  });

  it('@@additional_keys present passes', () => {
    expect(run({ keys: ['cat'], content: '@@additional_keys dog,hello\nx' })).toEqual(['0']);
  });

  it('probability rolls are deterministic per seed and roughly proportional', () => {
    const lorebook = book(
      Array.from({ length: 200 }, () => ({ keys: ['cat'], extensions: { probability: 30 } })),
    );
    const first = ids(lorebook, ['cat'], { seed: 's1' });
    expect(ids(lorebook, ['cat'], { seed: 's1' })).toEqual(first);
    expect(first.length).toBeGreaterThan(35);
    expect(first.length).toBeLessThan(85);
  });

  it('carries @@disable_ui_prompt on the hit', () => {
    const [hit] = scanLorebook(
      book([{ constant: true, content: '@@disable_ui_prompt post_history_instructions\nx' }]),
      {
        messages: [],
        tokenCounter: words,
        budgetTokens: 10,
      },
    );
    expect(hit.disableUiPrompts).toEqual(['post_history_instructions']);
  });
});

describe('compileLorebook', () => {
  it('reports ignored decorators and rejected regex keys, and makes duplicate ids unique', () => {
    const compiled = compileLorebook(
      book([
        { keys: ['/(a+)+/'], content: '@@bogus\nx', id: 7 },
        { id: 7, keys: ['k'] },
      ]),
    );
    expect(compiled.warnings.join('\n')).toMatch(/@@bogus/);
    expect(compiled.warnings.join('\n')).toMatch(/nested quantifiers/);
    expect(compiled.entries.map((entry) => entry.id)).toEqual(['7', '7#1']);
  });

  it('accepts ST world-info shaped entries (key, order, disable) and entries keyed by uid', () => {
    const compiled = compileLorebook({
      entries: { 0: { key: ['k'], content: 'c', order: 3, disable: true } },
    });
    expect(compiled.entries[0]).toMatchObject({
      order: 3,
      enabled: false,
      keys: [{ kind: 'text', key: 'k' }],
    });
  });

  it('is deterministic: the same input gives the same hits', () => {
    const lorebook = book([{ keys: ['a'] }, { keys: ['b'] }, { constant: true }]);
    const options = { messages: ['a b'], tokenCounter: words, budgetTokens: 100 };
    expect(scanLorebook(lorebook, options)).toEqual(scanLorebook(compileLorebook(lorebook), options));
  });
});
