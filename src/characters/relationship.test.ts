import { describe, expect, it } from 'vitest';
import { runtimeRulesSchema } from './design-doc.js';
import {
  advanceRelationship,
  describeRelationship,
  initialRelationship,
  isMeaningfulMessage,
} from './relationship.js';

const rules = runtimeRulesSchema.parse({ familiarityPace: { toAcquaintance: 2, toFriend: 3, toClose: 4 } });
const long = 'I spent the whole afternoon walking along the river thinking about what you said yesterday.';

describe('relationship', () => {
  it('counts only substantive messages as meaningful', () => {
    expect(isMeaningfulMessage('hi', rules)).toBe(false);
    expect(isMeaningfulMessage('😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀', rules)).toBe(false);
    expect(isMeaningfulMessage('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', rules)).toBe(false);
    expect(isMeaningfulMessage(long, rules)).toBe(true);
  });

  it('advances stranger → acquaintance → friend → close at the configured pace', () => {
    let state = initialRelationship;
    const levels: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      state = advanceRelationship(state, rules, { userText: long, at: `2026-01-01T00:00:0${index % 10}Z` });
      levels.push(state.level);
    }
    expect(levels).toEqual([
      'stranger',
      'acquaintance',
      'acquaintance',
      'acquaintance',
      'friend',
      'friend',
      'friend',
      'friend',
      'close',
      'close',
    ]);
    expect(state.messages).toBe(10);
    expect(state.meaningfulExchanges).toBe(10);
  });

  it('small talk counts messages but does not warm the relationship', () => {
    let state = initialRelationship;
    for (let index = 0; index < 20; index += 1) {
      state = advanceRelationship(state, rules, { userText: 'ok', at: '2026-01-01T00:00:00Z' });
    }
    expect(state).toMatchObject({ level: 'stranger', messages: 20, meaningfulExchanges: 0 });
  });

  it('describes the level, the count and a long silence', () => {
    const silent = runtimeRulesSchema.parse({ reactions: { silence: 'Say you missed them.' } });
    const state = {
      ...initialRelationship,
      level: 'friend' as const,
      messages: 40,
      lastSeenAt: '2026-01-01T00:00:00Z',
    };
    const line = describeRelationship(state, silent, 'Sam', '2026-01-04T00:00:00Z');
    expect(line).toContain('friend');
    expect(line).toContain('40 messages');
    expect(line).toContain('away for 3 days. Say you missed them.');
    expect(describeRelationship(initialRelationship, silent, 'Sam')).toContain('first conversation with Sam');
  });
});
