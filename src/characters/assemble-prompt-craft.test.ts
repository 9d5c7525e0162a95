import { describe, expect, it } from 'vitest';
import { type AssemblePromptInput, assemblePrompt, countRequestTokens } from './assemble-prompt.js';
import { designDocSchema } from './design-doc.js';
import { initialRelationship } from './relationship.js';
import { insertAtDepths, isAuthorNoteDue } from './prompt-insertions.js';

const countTokens = (text: string) => Math.ceil(text.length / 4);

const doc = designDocSchema.parse({
  name: 'Juniper',
  tagline: 'a lighthouse keeper',
  greetings: ['Storm coming in, {{user}}.'],
  runtime: { notes: 'Call {{user}} by name.' },
});

const history: AssemblePromptInput['history'] = [
  { role: 'assistant', content: 'Storm coming in, Robin.' },
  { role: 'user', content: 'First question.' },
  { role: 'assistant', content: 'First answer.' },
  { role: 'user', content: 'Second question.' },
];

function input(overrides: Partial<AssemblePromptInput> = {}): AssemblePromptInput {
  return {
    doc,
    rules: doc.runtime,
    relationship: initialRelationship,
    lorebookHits: [],
    memory: '',
    history,
    safetyPreamble: 'Platform rules.',
    userName: 'Robin',
    budgetTokens: 4000,
    countTokens,
    ...overrides,
  };
}

// Issue 20: prompt snapshots show persona, author's note and lorebook positions.
describe('issue 20: assemblePrompt with persona, author note and lorebook positions', () => {
  it('renders the persona block after the identity and resolves {{user}} to it (snapshot)', () => {
    const result = assemblePrompt(
      input({ persona: { description: '{{user}} is a retired sailor.', pronouns: 'she/her' } }),
    );
    expect(result.systemPrompt).toContain(
      'About Robin, the person you are talking with:\nPronouns: she/her\nRobin is a retired sailor.',
    );
    expect(result.systemPrompt).toContain('Call Robin by name.');
    expect(result.systemPrompt.indexOf('About Robin')).toBeGreaterThan(
      result.systemPrompt.indexOf('You are Juniper'),
    );
    expect(result.request.messages[0]).toMatchSnapshot();
  });

  it('places lorebook hits by position and the author note at its depth (snapshot)', () => {
    const result = assemblePrompt(
      input({
        lorebookHits: [
          { content: 'BEFORE-CHAR lore.', order: 1, position: 'before_char' },
          { content: 'AFTER-CHAR lore.', order: 2, position: 'after_char' },
          { content: 'DEPTH-0 lore about {{char}}.', order: 3, position: 'at_depth', depth: 0 },
          { content: 'NOTE-TOP lore.', order: 4, position: 'author_note_top' },
          { content: 'NOTE-BOTTOM lore.', order: 5, position: 'author_note_bottom' },
          { content: 'UNKNOWN-POSITION lore.', order: 6, position: '' },
        ],
        authorNote: { text: 'Keep it spooky for {{user}}.', depth: 2, frequency: 1 },
        postHistoryInstructions: 'Answer in one paragraph.',
      }),
    );
    expect(result.request.messages).toMatchSnapshot();
    const system = result.systemPrompt;
    expect(system.indexOf('BEFORE-CHAR')).toBeLessThan(system.indexOf('You are Juniper'));
    expect(system).toContain('World notes:\nAFTER-CHAR lore.\nUNKNOWN-POSITION lore.');
    const roles = result.request.messages.map((message) => `${message.role}:${message.content.slice(0, 14)}`);
    expect(roles).toEqual([
      'system:Platform rules',
      'assistant:Storm coming i',
      'user:First question',
      'system:NOTE-TOP lore.',
      'assistant:First answer.',
      'user:Second questio',
      'system:DEPTH-0 lore a',
      'system:Answer in one ',
    ]);
    expect(result.request.messages[3].content).toBe(
      'NOTE-TOP lore.\nKeep it spooky for Robin.\nNOTE-BOTTOM lore.',
    );
    expect(result.tokens).toBe(countRequestTokens(result.request.messages, countTokens));
  });

  it('honours the author note frequency and drops the note last when over budget', () => {
    const note = { text: 'NOTE', depth: 0, frequency: 3 };
    const skipped = assemblePrompt(input({ authorNote: note }));
    expect(skipped.request.messages.some((message) => message.content === 'NOTE')).toBe(false);
    const due = assemblePrompt(input({ authorNote: { ...note, frequency: 2 } }));
    expect(due.request.messages.at(-1)).toEqual({ role: 'system', content: 'NOTE' });
    const never = assemblePrompt(input({ authorNote: { ...note, frequency: 0 } }));
    expect(never.request.messages.some((message) => message.content === 'NOTE')).toBe(false);

    const base = assemblePrompt(input({ history: history.slice(-1) }));
    const tight = assemblePrompt(
      input({
        history: history.slice(-1),
        authorNote: { text: 'N'.repeat(400), depth: 0, frequency: 1 },
        budgetTokens: base.tokens + 20,
      }),
    );
    expect(tight.dropped.authorNote).toBe(true);
    expect(tight.tokens).toBeLessThanOrEqual(base.tokens + 20);
  });

  it('insertAtDepths: depth 0 after the newest, deeper than the history at its start', () => {
    const conversation = [
      { role: 'user' as const, content: 'a' },
      { role: 'assistant' as const, content: 'b' },
    ];
    expect(
      insertAtDepths(conversation, [
        { depth: 0, content: 'z' },
        { depth: 9, content: 'y' },
      ]),
    ).toEqual([{ role: 'system', content: 'y' }, ...conversation, { role: 'system', content: 'z' }]);
    expect(isAuthorNoteDue(1, 0)).toBe(true);
    expect(isAuthorNoteDue(4, 4)).toBe(true);
    expect(isAuthorNoteDue(4, 5)).toBe(false);
  });
});
