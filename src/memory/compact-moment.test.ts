import { describe, expect, it } from 'vitest';
import { compactMoment, speakerWords } from './compact-moment.js';

describe('compactMoment', () => {
  it('keeps speaker labels and informative sentences, drops small talk and vocatives', () => {
    expect(
      compactMoment(
        'Jordan: Thanks, Alexis! I finally finished the kayak I was building.\nAlexis: Wow, Jordan, that is amazing! What wood did you use, Jordan?',
      ),
    ).toBe('Jordan: I finally finished the kayak I was building. Alexis: What wood did you use?');
  });

  it('treats a prefix of a speaker name as the same name', () => {
    expect(compactMoment('Alexandra: We adopted a kitten.\nBo: Congrats, Alex!')).toBe(
      'Alexandra: We adopted a kitten.',
    );
  });

  it('keeps short answers made only of common words', () => {
    expect(compactMoment('User: Did you go?\nCharacter: No, not yet.')).toBe(
      'User: Did you go? Character: No, not yet.',
    );
    expect(compactMoment('User: Would you go again?\nCharacter: Absolutely! Yep.')).toBe(
      'User: Would you go again? Character: Absolutely! Yep.',
    );
  });

  it('returns an empty string when the moment is nothing but small talk', () => {
    expect(compactMoment('User: Thanks so much!\nCharacter: Glad to hear that, lovely chatting!')).toBe('');
  });

  it('folds whitespace and keeps unlabelled text', () => {
    expect(compactMoment('a note   about the\n  garden shed')).toBe('a note about the garden shed');
  });

  const long =
    'Sam: I moved house last month. The new street is quiet. My neighbour bakes bread every morning. ' +
    'We started a vegetable garden behind the shed. The tomatoes came up first. Work has been busy too.';

  it('shortens a long utterance to its first sentence and the sentences around a question word', () => {
    expect(compactMoment(long, ['garden'])).toBe(
      'Sam: I moved house last month. … My neighbour bakes bread every morning. ' +
        'We started a vegetable garden behind the shed. The tomatoes came up first. …',
    );
  });

  it('matches question words to sentence words by stem', () => {
    expect(compactMoment(long, ['baking'])).toContain('My neighbour bakes bread every morning.');
    expect(compactMoment(long, ['baking'])).not.toContain('tomatoes');
  });

  it('never cuts without a question or in an utterance of three sentences or fewer', () => {
    expect(compactMoment(long)).toBe(`Sam: ${long.slice(5)}`);
    const short = 'Sam: I moved house. The street is quiet. We grow tomatoes.';
    expect(compactMoment(short, ['garden'])).toBe(short);
    // Four sentences are cut (issue 21: chosen by leave-one-conversation-out), unless told otherwise.
    const four = `${short} Work is busy.`;
    expect(compactMoment(four, ['garden'])).toBe('Sam: I moved house. …');
    expect(compactMoment(four, ['garden'], 5)).toBe(four);
  });

  it('lists the words of speaker labels, not of what was said', () => {
    expect([...speakerWords(['Mary Ann: I met Sam.\nSam: Hi!', 'a note: no label here'])].sort()).toEqual([
      'ann',
      'mary',
      'sam',
    ]);
  });
});
