import { describe, expect, it } from 'vitest';
import { continuationSeparator, joinContinuation } from './join-continuation.js';
import type { ReplyOutcome } from './stream-reply.js';
import type { TurnEvent } from './turn-events.js';

describe('issue 21 item 6: continue joins new text to the old with correct spacing', () => {
  it.each([
    ['She poured the tea.', 'Then she smiled.', ' '],
    ['She poured the', 'tea and smiled.', ' '],
    ['She poured the tea. ', 'Then she smiled.', ''],
    ['She poured the tea.\n', 'Then she smiled.', ''],
    ['She poured the tea.', ' Then she smiled.', ''],
    ['She poured the tea.', '\n\nThen she smiled.', ''],
    ['She poured the tea', ', then smiled.', ''],
    ['She poured the tea', '.', ''],
    ['It was Luna', "'s tea.", ''],
    ['She said (', 'quietly) hello.', ''],
    ['well-', 'known', ''],
    ['彼女はお茶を注いだ', 'そして微笑んだ。', ''],
    ['彼女はお茶を注いだ。', 'そして微笑んだ。', ''],
    ['She whispered “', 'hello” and left.', ''],
    ['Sie sagte: «Hallo»', 'und lächelte.', ' '],
    ['', 'Hello.', ''],
  ])('%j + %j → %j', (previous, addition, separator) => {
    expect(continuationSeparator(previous, addition)).toBe(separator);
  });

  async function* scripted(deltas: string[]): AsyncGenerator<TurnEvent, ReplyOutcome> {
    for (const text of deltas) yield { type: 'text-delta', text };
    return { status: 'complete', text: deltas.join(''), finishReason: 'stop', kind: 'plain' };
  }

  async function run(previous: string, deltas: string[]) {
    const stream = joinContinuation(previous, scripted(deltas));
    const streamed: string[] = [];
    while (true) {
      const step = await stream.next();
      if (step.done) return { streamed: streamed.join(''), stored: step.value.text };
      if (step.value.type === 'text-delta') streamed.push(step.value.text);
    }
  }

  it('streams and stores the same joined text', async () => {
    const result = await run('She poured the tea.', ['Then', ' she', ' smiled.']);
    expect(result.streamed).toBe(' Then she smiled.');
    expect(result.stored).toBe(' Then she smiled.');
  });

  it('keeps leading whitespace the model produced, without doubling it', async () => {
    const result = await run('She poured the tea.', ['\n', '\n', 'Then she smiled.']);
    expect(result.streamed).toBe('\n\nThen she smiled.');
    expect(result.stored).toBe('\n\nThen she smiled.');
  });
});
