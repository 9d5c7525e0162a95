import type { ReplyOutcome } from './stream-reply.js';
import type { TurnEvent } from './turn-events.js';

// Text that attaches to the word before it: closing punctuation, a contraction or possessive ("'s").
const ATTACHES_LEFT = /^[.,;:!?…)\]}»”’%'"]/u;
// Text after which the next word attaches directly: opening brackets and quotes, a hyphen or slash.
const OPENS_RIGHT = /[([{«“‘\-–—/]$/u;
// Scripts written without spaces between words.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * What goes between a reply and the text a continue adds to it (issue 21 item 6: continued text was glued
 * to the old, "tea.She smiled"). A model starts a continuation as a fresh message, so its first word
 * usually carries no leading space; an added space is needed unless either side already has whitespace,
 * the new text starts with punctuation that attaches left, the old ends with an opening bracket, quote or
 * dash, or both sides are in a script written without spaces.
 */
export function continuationSeparator(previous: string, addition: string): string {
  if (!previous || !addition) return '';
  if (/\s$/u.test(previous) || /^\s/u.test(addition)) return '';
  if (ATTACHES_LEFT.test(addition) || OPENS_RIGHT.test(previous)) return '';
  const last = [...previous].at(-1) ?? '';
  const first = [...addition][0] ?? '';
  if (UNSPACED.test(last) && UNSPACED.test(first)) return '';
  // After sentence-ending punctuation in an unspaced script (。！？), no space either.
  if (/[。！？、」』]$/u.test(previous)) return '';
  return ' ';
}

/**
 * Streams a continuation with the separator put in front of its first visible text, so what the client
 * appends and what is stored are the same characters.
 */
export async function* joinContinuation(
  previous: string,
  stream: AsyncGenerator<TurnEvent, ReplyOutcome>,
): AsyncGenerator<TurnEvent, ReplyOutcome> {
  let separator: string | null = null;
  // Whitespace-only deltas before the first word are held so the separator sees them.
  let held = '';
  while (true) {
    const step = await stream.next();
    if (step.done) {
      if (separator === null && held) yield { type: 'text-delta', text: held };
      const outcome = step.value;
      if (!separator || outcome.status === 'blocked') return outcome;
      return { ...outcome, text: separator + outcome.text };
    }
    const event = step.value;
    if (event.type !== 'text-delta' || separator !== null) {
      yield event;
      continue;
    }
    held += event.text;
    if (!held.trim()) continue;
    separator = continuationSeparator(previous, held);
    yield { type: 'text-delta', text: separator + held };
  }
}
