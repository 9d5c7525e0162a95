import { describe, expect, it } from 'vitest';
import { parseDecorators, stripDecorators } from './decorators.js';

describe('parseDecorators', () => {
  it('reads values, flags and comma lists, and strips the block with the newlines next to it', () => {
    const parsed = parseDecorators(
      '@@depth 3\n@@role assistant\n@@additional_keys a, b ,c\n@@activate\n\nBody\n@@not a decorator',
    );
    expect(parsed.decorators).toMatchObject({
      depth: 3,
      role: 'assistant',
      activate: true,
      additionalKeys: [['a', 'b', 'c']],
    });
    expect(parsed.content).toBe('Body\n@@not a decorator');
  });

  it('leaves content without decorators untouched', () => {
    expect(parseDecorators('  plain\n@@depth 2')).toEqual({
      decorators: { additionalKeys: [], disableUiPrompts: [] },
      content: '  plain\n@@depth 2',
      ignored: [],
    });
  });

  it.each([
    ['@@depth x', 'depth'],
    ['@@role narrator', 'role'],
    ['@@activate_only_every 0', 'activate_only_every'],
    ['@@no_such_thing 1', 'no_such_thing'],
    ['@@probability 150', 'probability'],
    ['@@position nowhere', 'position'],
  ])('ignores unknown names and invalid values: %s', (line, name) => {
    const parsed = parseDecorators(`${line}\ntext`);
    expect(parsed.ignored).toEqual([name]);
    expect(parsed.content).toBe('text');
  });

  it('counts a repeated name once, except repeatable ones', () => {
    const parsed = parseDecorators('@@depth 1\n@@depth 9\n@@additional_keys a\n@@additional_keys b\nx');
    expect(parsed.decorators.depth).toBe(1);
    expect(parsed.decorators.additionalKeys).toEqual([['a'], ['b']]);
  });

  it('applies a fallback only when the decorator above failed, along chains of five', () => {
    const chain = parseDecorators(
      '@@x_unknown 1\n@@@y_unknown\n@@@z_unknown\n@@@w_unknown\n@@@depth 7\n@@@depth 8\nx',
    );
    expect(chain.decorators.depth).toBe(7);
    const skipped = parseDecorators('@@depth 2\n@@@depth 5\nx');
    expect(skipped.decorators.depth).toBe(2);
  });

  it('eats a leading @@@ line as an unused fallback (as RisuAI does with @@@SYSTEM)', () => {
    expect(parseDecorators('@@@SYSTEM\nHello').content).toBe('Hello');
  });

  it('parses position, pt_ positions, disable_ui_prompt and RisuAI extras', () => {
    const parsed = parseDecorators(
      '@@position pt_lore\n@@disable_ui_prompt system_prompt\n@@match_full_word\n@@probability 40\n@@priority -2\n@@unrecursive\n@@no_recursive_search\nx',
    );
    expect(parsed.decorators).toMatchObject({
      position: 'pt_lore',
      disableUiPrompts: ['system_prompt'],
      matchFullWord: true,
      probability: 40,
      priority: -2,
      unrecursive: true,
      noRecursiveSearch: true,
    });
  });

  it('stripDecorators handles CRLF content', () => {
    expect(stripDecorators('@@depth 1\r\n\r\nBody')).toBe('Body');
  });
});
