import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssemblePromptInput, assemblePrompt, countRequestTokens } from './assemble-prompt.js';
import { designDocSchema } from './design-doc.js';
import { initialRelationship } from './relationship.js';

/** Roughly 4 characters a token, like many BPE vocabularies; deliberately not additive. */
const countTokens = (text: string) => Math.ceil(text.length / 4);

const doc = designDocSchema.parse({
  name: 'Juniper',
  tagline: 'a lighthouse keeper who collects stories',
  archetype: 'gentle mentor',
  age: 41,
  pronouns: 'she/her',
  backstory: 'Juniper kept the Wren Point light for twenty years after leaving the navy.',
  emotionalSignature: 'calm, wry, quietly protective',
  speechRhythm: { sentenceLength: 'short', emojiUse: 'none', verbalQuirks: ['says "aye" when amused'] },
  boundaries: ['no cruelty to animals'],
  greetings: ['Storm coming in, {{user}}. Tea?'],
  exampleDialogues: [{ user: 'Do you get lonely?', character: 'The gulls argue with me. It helps.' }],
  scenario: 'A stormy night at the lighthouse.',
  runtime: { reactions: { jealousy: 'Shrug it off with a joke.' }, notes: 'SECRET-RULE-7' },
});

function input(overrides: Partial<AssemblePromptInput> = {}): AssemblePromptInput {
  return {
    doc,
    rules: doc.runtime,
    relationship: { ...initialRelationship, level: 'friend', messages: 12 },
    lorebookHits: [
      { content: 'Wren Point light was built in 1881.', order: 2 },
      { content: '{{char}} keeps a logbook of every ship.', order: 1 },
    ],
    memory: '- Sam likes sea shanties.',
    history: [
      { role: 'assistant', content: 'Storm coming in, Sam. Tea?' },
      { role: 'user', content: 'Yes please. Tell me about the light.' },
    ],
    safetyPreamble: 'Follow the platform rules.',
    userName: 'Sam',
    budgetTokens: 2000,
    countTokens,
    maxReplyTokens: 300,
    ...overrides,
  };
}

describe('assemblePrompt', () => {
  it('renders the whole persona (snapshot)', () => {
    const result = assemblePrompt(input());
    expect(result.request).toMatchSnapshot();
    expect(result.tokens).toBe(countRequestTokens(result.request.messages, countTokens));
    expect(result.dropped).toEqual({
      examples: false,
      history: 0,
      lorebook: 0,
      memory: false,
      authorNote: false,
      truncated: false,
    });
  });

  it('is deterministic', () => {
    expect(assemblePrompt(input())).toEqual(assemblePrompt(input()));
  });

  it('puts hidden runtime rules only in the system message', () => {
    const { request } = assemblePrompt(input());
    expect(request.messages[0]?.content).toContain('SECRET-RULE-7');
    expect(request.messages.slice(1).some((message) => message.content.includes('SECRET-RULE-7'))).toBe(
      false,
    );
  });

  it('orders lorebook hits by insertion order and fills macros', () => {
    const system = assemblePrompt(input()).systemPrompt;
    expect(system.indexOf('Juniper keeps a logbook')).toBeLessThan(system.indexOf('built in 1881'));
  });

  it('trims examples, then oldest history, then lorebook, then memory', () => {
    const long = Array.from({ length: 30 }, (_, index) => ({
      role: (index % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant',
      content: `message number ${index} `.repeat(10),
    }));
    const history = [...long, { role: 'user' as const, content: 'newest question?' }];
    const full = assemblePrompt(input({ history, budgetTokens: 100_000 }));
    const systemTokens = countTokens(full.systemPrompt);
    const tight = assemblePrompt(input({ history, budgetTokens: systemTokens + 120 }));
    expect(tight.dropped.examples).toBe(true);
    expect(tight.dropped.history).toBeGreaterThan(0);
    expect(tight.dropped.memory).toBe(false);
    expect(tight.request.messages.at(-1)?.content).toBe('newest question?');
    expect(tight.request.messages[1]?.role).toBe('user');
    const bare = assemblePrompt(
      input({
        doc: { ...doc, exampleDialogues: [] },
        history: history.slice(-1),
        lorebookHits: [],
        memory: '',
      }),
    ).tokens;
    const memoryTokens = countTokens('\n\nWhat you remember about Sam:\n- Sam likes sea shanties.');
    const tighter = assemblePrompt(input({ history, budgetTokens: bare + memoryTokens + 1 }));
    expect(tighter.dropped.lorebook).toBe(2);
    expect(tighter.systemPrompt).toContain('sea shanties');
    const tightest = assemblePrompt(input({ history, budgetTokens: bare + 1 }));
    expect(tightest.dropped.memory).toBe(true);
    expect(tightest.systemPrompt).toContain('You are Juniper');
    expect(tightest.request.messages.at(-1)?.content).toBe('newest question?');
  });

  it('cuts the core and the newest message only when nothing else is left', () => {
    const result = assemblePrompt(
      input({ budgetTokens: 40, history: [{ role: 'user', content: 'x'.repeat(400) }] }),
    );
    expect(result.dropped.truncated).toBe(true);
    expect(result.tokens).toBeLessThanOrEqual(40);
    expect(result.request.messages.at(-1)?.role).toBe('user');
  });

  it('never exceeds the budget (property)', () => {
    const message = fc.record({
      role: fc.constantFrom('user' as const, 'assistant' as const),
      content: fc.string({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 40 }),
        fc.array(fc.record({ content: fc.string({ maxLength: 200 }), order: fc.integer() }), {
          maxLength: 6,
        }),
        fc.string({ maxLength: 400 }),
        fc.integer({ min: 8, max: 3000 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ maxLength: 600 }),
        fc.constantFrom(
          countTokens,
          (text: string) => text.split(/\s+/).filter(Boolean).length,
          (text: string) => text.length,
        ),
        (history, lorebookHits, memory, budgetTokens, name, backstory, counter) => {
          const randomDoc = designDocSchema.parse({
            ...doc,
            name: name.trim() || 'X',
            backstory: backstory.slice(0, 600),
          });
          const result = assemblePrompt(
            input({ doc: randomDoc, history, lorebookHits, memory, budgetTokens, countTokens: counter }),
          );
          expect(countRequestTokens(result.request.messages, counter)).toBeLessThanOrEqual(budgetTokens);
          expect(result.request.messages[0]?.role).toBe('system');
          const last = history.at(-1);
          if (last?.role === 'user' && result.request.messages.length > 1) {
            expect(last.content.startsWith(result.request.messages.at(-1)?.content ?? '')).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a budget too small for any prompt', () => {
    expect(() => assemblePrompt(input({ budgetTokens: 3 }))).toThrow(RangeError);
  });
});
