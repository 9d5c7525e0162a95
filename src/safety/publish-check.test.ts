import { describe, expect, it } from 'vitest';
import { checkCharacterForPublish } from './publish-check.js';

describe('checkCharacterForPublish', () => {
  const adultDoc = 'Mara is a 32 year old lighthouse keeper with a dry wit. She loves storms and old maps.';
  const minorDoc = 'Lily is a 14 year old who loves drawing and is in 9th grade at a small-town school.';

  it('allows adult characters at any rating', () => {
    expect(checkCharacterForPublish(adultDoc, 'nsfw')).toMatchObject({ ok: true, minorCoded: false });
  });

  it('allows a minor-coded character only as SFW', () => {
    expect(checkCharacterForPublish(minorDoc, 'sfw')).toMatchObject({ ok: true, minorCoded: true });
    expect(checkCharacterForPublish(minorDoc, 'nsfw')).toMatchObject({
      ok: false,
      problems: [{ code: 'minor_coded_nsfw' }],
    });
  });

  it('refuses sexual content with minor signals even when rated SFW', () => {
    const result = checkCharacterForPublish(
      'She is a schoolgirl who is always horny and sends nudes.',
      'sfw',
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => problem.code)).toContain('minor_sexual_content');
  });

  it('finds signals late in a long doc', () => {
    const doc = `${'A calm and friendly companion who likes tea. '.repeat(150)} Secretly she is only 15.`;
    expect(checkCharacterForPublish(doc, 'nsfw').ok).toBe(false);
  });
});
