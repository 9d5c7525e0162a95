import { describe, expect, it } from 'vitest';
import { DEFAULT_CRISIS_RESOURCES, crisisReply, crisisResourcesFor } from './safe-replies.js';

describe('issue 15 item 5: crisis resources for the user’s country', () => {
  it('picks the country of an xx-YY locale, in that country’s language template', () => {
    expect(crisisResourcesFor('en-GB')).toContain('116 123');
    expect(crisisResourcesFor('en-US')).toContain('988');
    expect(crisisResourcesFor('en-AU')).toContain('13 11 14');
    expect(crisisResourcesFor('de-AT')).toContain('142');
    expect(crisisResourcesFor('fr_CH')).toContain('143');
    const reply = crisisReply({ char: 'Ivy' }, 'de-AT');
    expect(reply).toMatch(/^Hier ist Ivy/);
    expect(reply).toContain('142');
  });

  it('falls back from an unknown country to the language, then to English', () => {
    expect(crisisResourcesFor('de-LU')).toBe(DEFAULT_CRISIS_RESOURCES.de);
    expect(crisisResourcesFor('pt-BR')).toBe(DEFAULT_CRISIS_RESOURCES.en);
    expect(crisisResourcesFor('en')).toBe(DEFAULT_CRISIS_RESOURCES.en);
  });

  it('uses the configured list (HEARTH_SAFETY_CRISIS_RESOURCES) before the built-in one', () => {
    const configured = { ...DEFAULT_CRISIS_RESOURCES, GB: 'Call our local line on 0000.' };
    expect(crisisReply({ char: 'Ivy' }, 'en-GB', configured)).toContain('Call our local line on 0000.');
    expect(crisisReply({ char: 'Ivy' }, 'en-US', configured)).toContain('988');
  });
});
