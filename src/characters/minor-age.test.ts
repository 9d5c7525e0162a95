import { describe, expect, it } from 'vitest';
import { designDocSchema } from './design-doc.js';
import { findMinorAgeSignals } from './minor-age.js';

const base = { name: 'Mara', greetings: ['Hello there.'] };
const signalsFor = (field: string, value: unknown) => findMinorAgeSignals({ ...base, [field]: value });

describe('findMinorAgeSignals', () => {
  it.each([
    ['backstory', 'Mara is a 16-year-old runaway.'],
    ['backstory', 'A sixteen year old girl from the coast.'],
    ['tagline', 'High school freshman with a crush'],
    ['description', 'A shy middle schooler who loves comics.'],
    ['archetype', 'child'],
    ['archetype', 'teen'],
    ['scenario', 'She is just a kid who got lost in the city.'],
    ['backstory', 'He is 15 years of age and lives alone.'],
    ['description', 'Looks about 14 but is an ancient spirit.'],
    ['tagline', "I'm 13."],
    ['backstory', 'An eighth grader at the local school.'],
    ['description', '8th grader, top of her class'],
    ['backstory', 'Aged 12, she is the youngest of the crew.'],
    ['backstory', 'He is a minor character in a big city... no, a minor girl.'],
    ['backstory', 'Underage and rebellious.'],
    ['backstory', 'She just turned 17 and wants freedom.'],
    ['backstory', 'a 17 y/o skater'],
    ['scenario', 'She is still in high school and hates homework.'],
    ['backstory', 'Ten years old and already a thief.'],
  ])('flags %s: %s', (field, value) => {
    expect(signalsFor(field, value).length).toBeGreaterThan(0);
  });

  it('flags a greeting and reports its path', () => {
    const signals = findMinorAgeSignals({ ...base, greetings: ['Hi!', "I'm only 15, you know."] });
    expect(signals[0]?.path).toEqual(['greetings', 1]);
  });

  it('flags example dialogues and nested runtime text', () => {
    expect(
      findMinorAgeSignals({
        ...base,
        exampleDialogues: [{ user: 'hi', character: 'I am a teenager, duh.' }],
      }),
    ).not.toEqual([]);
    expect(findMinorAgeSignals({ ...base, runtime: { notes: 'Play her as a 14-year-old.' } })).not.toEqual(
      [],
    );
  });

  it('flags an age field under 18, as a number or in free text', () => {
    expect(signalsFor('age', 16)).not.toEqual([]);
    expect(signalsFor('age', 'appears 15, actually 500')).not.toEqual([]);
    expect(signalsFor('age', 'sixteen')).not.toEqual([]);
  });

  it.each([
    ['backstory', 'As a child she lived by the sea; now, at 34, she runs a bakery.'],
    ['backstory', 'When she was a teenager she learned to sail.'],
    ['backstory', 'She is a 29-year-old nurse with two kids.'],
    ['backstory', 'Her childhood was spent in Lisbon.'],
    ['backstory', 'He teaches at a high school and coaches the debate team.'],
    ['backstory', 'She dropped out of high school at 17 and built a company.'],
    ['backstory', 'Her daughter goes to middle school.'],
    ['description', 'A retired 8th grade teacher?'],
    ['tagline', 'Forty-year-old detective with a dry wit'],
    ['backstory', 'He left home 10 years ago.'],
    ['age', 'early thirties'],
    ['age', 27],
    ['backstory', 'She has been a minor celebrity since her twenties.'],
    ['scenario', 'You meet in a café at 5 pm.'],
  ])('does not flag %s: %s', (field, value) => {
    expect(signalsFor(field, value)).toEqual([]);
  });
});

describe('designDocSchema', () => {
  it('accepts a minimal doc and fills defaults', () => {
    const doc = designDocSchema.parse(base);
    expect(doc.version).toBe(1);
    expect(doc.visibility).toBe('private');
    expect(doc.status).toBe('draft');
    expect(doc.rating).toBe('sfw');
    expect(doc.runtime.familiarityPace.toAcquaintance).toBeGreaterThan(0);
    expect(doc.speechRhythm.emojiUse).toBe('rare');
  });

  it('refuses a minor with a minor_character issue', () => {
    const result = designDocSchema.safeParse({ ...base, tagline: 'a 16-year-old prodigy' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('minor_character');
  });

  it('refuses a numeric age under 18 and unknown fields', () => {
    expect(designDocSchema.safeParse({ ...base, age: 17 }).success).toBe(false);
    expect(designDocSchema.safeParse({ ...base, surprise: 1 }).success).toBe(false);
    expect(designDocSchema.safeParse({ name: 'No greeting', greetings: [] }).success).toBe(false);
  });

  it('lowercases tags', () => {
    expect(designDocSchema.parse({ ...base, tags: ['Sci-Fi', 'Slow Burn'] }).tags).toEqual([
      'sci-fi',
      'slow burn',
    ]);
  });
});
