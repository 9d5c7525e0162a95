import { describe, expect, it } from 'vitest';
import { json, v2Card } from '../../../test/helpers/card-fixtures.js';
import { designDocSchema } from '../design-doc.js';
import {
  cardFromCharacter,
  designDocFromCard,
  exportCard,
  importCard,
  parseExampleDialogues,
} from './index.js';

describe('designDocFromCard', () => {
  it('maps the standard card fields into a valid design doc', async () => {
    const { card } = await importCard(json(v2Card()));
    card.data.tags = ['Adventure', ' Sci-Fi! ', 'adventure', 'NSFW'];
    const doc = designDocFromCard(card);
    expect(doc).toMatchObject({
      name: 'Tess',
      backstory: 'A cartographer.',
      emotionalSignature: 'curious',
      scenario: 'Harbour town.',
      description: 'For testing.',
      greetings: ['Oh! A visitor.', 'Welcome back.', 'You again?'],
      exampleDialogues: [{ user: 'Map?', character: 'Always.' }],
      tags: ['adventure', 'sci-fi', 'nsfw'],
      rating: 'nsfw',
      visibility: 'private',
      status: 'draft',
    });
    expect(doc.runtime.notes).toBe('Stay in character.');
    expect(designDocSchema.safeParse(doc).success).toBe(true);
  });

  it('gives a card without greetings a placeholder greeting and clips fields past the design-doc limits', async () => {
    const { card } = await importCard(json({ name: '', first_mes: '', description: 'x'.repeat(40_000) }));
    const doc = designDocFromCard(card);
    expect(doc.name).toBe('Unnamed character');
    expect(doc.greetings).toEqual(['Hello, {{user}}.']);
    expect(doc.backstory.length).toBe(32_000);
  });

  it('keeps a 15,000-character greeting and a 9,000-character description whole (issue 22 item 4)', async () => {
    const greeting = 'Salt and lamplight. '.repeat(750);
    const { card } = await importCard(
      json({ name: 'Ines', first_mes: greeting, description: 'y'.repeat(9000) }),
    );
    const doc = designDocFromCard(card);
    expect(doc.greetings[0]).toBe(greeting.trim());
    expect(doc.backstory).toBe('y'.repeat(9000));
  });

  it('round trips a Hearth doc through cardFromCharacter → export → import unchanged', async () => {
    const { card } = await importCard(json(v2Card()));
    const doc = designDocFromCard(card);
    doc.pronouns = 'she/her';
    doc.runtime.notes = 'Private rule.';
    const written = cardFromCharacter(doc, card);
    const back = await importCard((await exportCard(written, 'png')).bytes);
    expect(designDocFromCard(back.card)).toEqual(doc);
  });

  it('applies card fields edited by another app over the stored Hearth doc', async () => {
    const { card } = await importCard(json(v2Card()));
    const doc = { ...designDocFromCard(card), humour: 'deadpan' };
    const written = cardFromCharacter(doc, card);
    written.data.first_mes = 'Edited in SillyTavern.';
    const merged = designDocFromCard(written);
    expect(merged.greetings).toEqual(['Edited in SillyTavern.', 'Welcome back.', 'You again?']);
    expect(merged.humour).toBe('deadpan');
  });
});

describe('cardFromCharacter', () => {
  it('keeps every field of the base card and stores the doc under extensions.hearth', async () => {
    const { card } = await importCard(json(v2Card()));
    const doc = { ...designDocFromCard(card), name: 'Tessa', greetings: ['Hi.', 'Again.'] };
    const written = cardFromCharacter(doc, card);
    expect(written.data).toMatchObject({ name: 'Tessa', first_mes: 'Hi.', alternate_greetings: ['Again.'] });
    expect(written.data.character_book).toEqual(card.data.character_book);
    expect(written.data.system_prompt).toBe(card.data.system_prompt);
    expect(written.x_root_unknown).toEqual({ keep: [1, 2, 3] });
    expect(written.data.x_data_unknown).toBe('kept');
    expect(written.data.extensions.world).toBe('Harbour');
    expect(written.data.extensions.hearth).toEqual(doc);
    expect(card.data.name).toBe('Tess'); // base not mutated
  });

  it('builds a fresh V3 card without a base, rendering doc details for other apps', () => {
    const doc = designDocSchema.parse({
      name: 'Nova',
      greetings: ['Hey.'],
      age: 31,
      archetype: 'mentor',
      backstory: 'Former pilot.',
      exampleDialogues: [{ user: 'Fly?', character: 'Always.' }],
    });
    const card = cardFromCharacter(doc);
    expect(card.spec).toBe('chara_card_v3');
    expect(card.data.description).toBe('Former pilot.\n\nAge: 31');
    expect(card.data.personality).toBe('mentor');
    expect(card.data.mes_example).toBe('<START>\n{{user}}: Fly?\n{{char}}: Always.');
    expect(card.data.group_only_greetings).toEqual([]);
  });
});

describe('parseExampleDialogues', () => {
  it('pairs turns across <START> blocks, accepting <USER>/<BOT> and the character name', () => {
    const text =
      '<START>\n<USER>: one\n<BOT>: two\ncontinued\n<START>\nTess: unprompted\n{{user}}: three\nTess: four';
    expect(parseExampleDialogues(text, 'Tess')).toEqual([
      { user: 'one', character: 'two\ncontinued' },
      { user: '…', character: 'unprompted' },
      { user: 'three', character: 'four' },
    ]);
  });
});
