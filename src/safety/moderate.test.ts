import { describe, expect, it } from 'vitest';
import { fastOnly, mergeHits, moderate } from './moderate.js';

const actor = { ageVerified: true, nsfwOptIn: false, strikes: 0 };
const character = { rating: 'sfw' as const, creatorVerified: true, minorCoded: false };
// Indirect first-person phrasing (our own words) that carries no rule keyword.
const INDIRECT = 'honestly i just want to stop existing, everyone would be fine without me';

describe('issue 15 item 1: the classifier runs after the rules in every moderation call', () => {
  it('catches what the rules miss on input, as a crisis reply', async () => {
    const rulesOnly = await moderate(INDIRECT, {
      direction: 'input',
      actor,
      character,
      cascade: { ...fastOnly, layers: { rules: true, classifier: false } },
    });
    expect(rulesOnly.decision.action).toBe('allow');
    const result = await moderate(INDIRECT, { direction: 'input', actor, character });
    expect(result.decision).toMatchObject({ action: 'crisis', review: true, strike: false });
    expect(result.hits.find((hit) => hit.category === 'self_harm')?.source).toBe('classifier');
  });

  it('also runs on output clauses, which skip the model layer', async () => {
    const result = await moderate('he pulled her onto the bed and fucked her slowly while she moaned.', {
      direction: 'output',
      actor,
      character,
      fastOnly: true,
      cascade: { ...fastOnly, layers: { rules: false, classifier: true } },
    });
    expect(result.hits.some((hit) => hit.source === 'classifier' && hit.category === 'sexual_content')).toBe(
      true,
    );
    expect(result.decision.action).toBe('safe_reply');
  });
});

describe('mergeHits', () => {
  it('keeps a category confirmed by a rule when the classifier scores it higher (issue 15 item 3)', () => {
    const merged = mergeHits([
      { category: 'non_violent_crimes', score: 0.8, evidence: [], source: 'fast' },
      { category: 'non_violent_crimes', score: 0.95, evidence: [], source: 'classifier' },
      { category: 'self_harm', score: 0.6, evidence: [], source: 'classifier' },
    ]);
    expect(merged).toEqual([
      { category: 'non_violent_crimes', score: 0.95, evidence: [], source: 'fast' },
      { category: 'self_harm', score: 0.6, evidence: [], source: 'classifier' },
    ]);
  });
});
