import type { ChatMessage } from '../providers/index.js';
import type { HistoryRow } from './message-store.js';

/**
 * What a `/v1` request does to its Hearth chat (issue 22 item 2). OpenAI clients resend the whole
 * conversation each time; comparing it with the stored history tells a new turn from a regenerate
 * (a new swipe), a continue, and a quiet prompt (answered, never stored). Pure, unit-tested.
 */
export type TurnIdentity =
  | { type: 'send'; text: string; prefill?: string }
  | { type: 'regenerate'; prefill?: string }
  | { type: 'continue' }
  | { type: 'quiet'; instruction: string };

interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

// Clients re-render messages: line endings and outer whitespace may change, the words do not.
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').trim();
const same = (a: Turn, b: Turn) => a.role === b.role && normalise(a.content) === normalise(b.content);

/**
 * True when the client's conversation ends like the stored one. Clients drop old messages to fit
 * their context, and may hold messages Hearth never stored (a greeting, a chat begun elsewhere), so
 * only the overlap is compared — but a longer client history must not contain a stored reply before
 * the overlap (any reply of `whole`, the chat's full history), or a repeated user line ("ok" … "ok")
 * would pass for an old one.
 */
export function endsLike(stored: Turn[], conversation: Turn[], whole: Turn[] = stored): boolean {
  const overlap = Math.min(stored.length, conversation.length);
  if (overlap === 0) return stored.length === 0;
  for (let offset = 1; offset <= overlap; offset += 1) {
    if (!same(stored[stored.length - offset], conversation[conversation.length - offset])) return false;
  }
  const extra = conversation.slice(0, conversation.length - overlap);
  const storedReplies = new Set(
    whole.filter((turn) => turn.role === 'assistant').map((turn) => normalise(turn.content)),
  );
  return !extra.some((turn) => turn.role === 'assistant' && storedReplies.has(normalise(turn.content)));
}

/**
 * A user message that is an instruction to the model rather than a line of the roleplay, detected
 * conservatively: the whole text is bracketed and opens like the summary prompts clients send
 * ("[Pause your roleplay. Summarize…]"). Anything else is a chat turn.
 */
export function looksLikeQuietInstruction(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed.startsWith('[') &&
    trimmed.endsWith(']') &&
    /^\[\s*(pause your roleplay|summari[sz]e|write a summary|ooc: summari[sz]e)/i.test(trimmed)
  );
}

// SillyTavern's continue nudge is a trailing system message too, but it asks for more of the reply.
const isContinueNudge = (text: string) => /^\s*\[?\s*continue\b/i.test(text);

function conversationOf(messages: ChatMessage[]): Turn[] {
  return messages
    .filter((message) => message.role === 'user' || message.role === 'assistant')
    .map((message) => ({ role: message.role as Turn['role'], content: message.content }));
}

export class IdentityError extends Error {}

/**
 * Decides the turn. `stored` is the chat's history (blocked rows included: the client saw them);
 * `quiet` is the client's own marker (`X-Hearth-Quiet`).
 */
export function identifyTurn(
  stored: HistoryRow[],
  messages: ChatMessage[],
  options: { quiet?: boolean } = {},
): TurnIdentity {
  const last = messages.at(-1);
  if (!last) throw new IdentityError('messages is empty.');
  if (options.quiet) return { type: 'quiet', instruction: last.content };
  // A tool result asks for the model's next step: an exchange between the client and the model.
  if (last.role === 'tool') return { type: 'quiet', instruction: '' };
  const history: Turn[] = stored.map((row) => ({ role: row.role, content: row.content }));
  const conversation = conversationOf(messages);
  const trailingSystem = last.role === 'system' ? last.content : undefined;
  const final = conversation.at(-1);
  if (!final) {
    if (trailingSystem !== undefined) return { type: 'quiet', instruction: trailingSystem };
    throw new IdentityError('messages has no user message.');
  }

  if (final.role === 'assistant') {
    const storedLast = history.at(-1);
    if (storedLast && same(storedLast, final) && endsLike(history, conversation)) {
      if (trailingSystem !== undefined && !isContinueNudge(trailingSystem))
        return { type: 'quiet', instruction: trailingSystem };
      return { type: 'continue' };
    }
    // Not a stored reply: a prefill the reply should start from, after the turn before it.
    const before = conversation.slice(0, -1);
    if (before.at(-1)?.role !== 'user') {
      throw new IdentityError(
        'The last assistant message matches no reply of this chat, so there is nothing to continue.',
      );
    }
    const turn = identifyUserTurn(history, before);
    if (turn.type === 'quiet') return turn;
    return { ...turn, prefill: final.content };
  }
  return identifyUserTurn(history, conversation);
}

/** The conversation ends with user messages: a regenerate, a quiet prompt or a new turn. */
function identifyUserTurn(
  history: Turn[],
  conversation: Turn[],
): Extract<TurnIdentity, { type: 'send' | 'regenerate' | 'quiet' }> {
  const storedLast = history.at(-1);
  const withoutReply = storedLast?.role === 'assistant' ? history.slice(0, -1) : history;
  const pendingUser = storedLast?.role === 'user' || withoutReply.at(-1)?.role === 'user';
  if (storedLast && pendingUser && endsLike(withoutReply, conversation, history))
    return { type: 'regenerate' };
  let start = conversation.length;
  while (start > 0 && conversation[start - 1].role === 'user') start -= 1;
  const newTurns = conversation.slice(start);
  const text = newTurns.map((turn) => turn.content).join('\n\n');
  if (
    newTurns.length === 1 &&
    looksLikeQuietInstruction(text) &&
    endsLike(history, conversation.slice(0, start))
  ) {
    return { type: 'quiet', instruction: text };
  }
  return { type: 'send', text };
}

/**
 * Every user text of the request that the chat has not stored in that form (blocked rows do not
 * count): in `client` mode all of them reach the model, so all pass input moderation (issue 13 item 3).
 */
export function userTextsNewToChat(stored: HistoryRow[], messages: ChatMessage[]): string[] {
  const known = new Set(
    stored
      .filter((row) => row.role === 'user' && row.status !== 'blocked')
      .map((row) => normalise(row.content)),
  );
  return messages
    .filter((message) => message.role === 'user' && !known.has(normalise(message.content)))
    .map((message) => message.content);
}
