import type { ChatMessage } from '../providers/spec.js';

/**
 * Messages placed inside the history at a depth (issue 20: author's note, `at_depth` lorebook
 * entries), the way SillyTavern places them: depth 0 goes after the newest message, depth N before
 * the N-th message counted back from the newest. Depths beyond the history land at its start.
 */
export interface DepthInsertion {
  depth: number;
  content: string;
}

export function insertAtDepths(
  conversation: readonly ChatMessage[],
  insertions: readonly DepthInsertion[],
): ChatMessage[] {
  if (insertions.length === 0) return [...conversation];
  const slots = new Map<number, string[]>();
  for (const insertion of insertions) {
    const slot = Math.max(0, conversation.length - Math.max(0, Math.floor(insertion.depth)));
    slots.set(slot, [...(slots.get(slot) ?? []), insertion.content]);
  }
  const result: ChatMessage[] = [];
  for (let index = 0; index <= conversation.length; index += 1) {
    const contents = slots.get(index);
    if (contents) result.push({ role: 'system', content: contents.join('\n') });
    const message = conversation[index];
    if (message) result.push(message);
  }
  return result;
}

/**
 * SillyTavern's insertion frequency: 1 puts the note in every prompt, N in every N-th (counted in
 * user messages), 0 never.
 */
export function isAuthorNoteDue(frequency: number, userMessages: number): boolean {
  if (frequency <= 0) return false;
  return userMessages % frequency === 0 || frequency === 1;
}
