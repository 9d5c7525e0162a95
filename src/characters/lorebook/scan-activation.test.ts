import { describe, expect, it } from 'vitest';
import { book, ids, words } from '../../../test/helpers/lorebook-fixtures.js';
import { compileLorebook } from './compile-lorebook.js';
import { type ScanOptions, scanLorebook } from './scan-lorebook.js';

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
