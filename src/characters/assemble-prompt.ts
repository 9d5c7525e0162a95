import type { ChatMessage, ChatRequest, TokenCounter } from '../providers/spec.js';
import type { DesignDoc, RuntimeRules } from './design-doc.js';
import { fillMacros } from './design-doc.js';
import { type RelationshipState, describeRelationship } from './relationship.js';
import { type DepthInsertion, insertAtDepths, isAuthorNoteDue } from './prompt-insertions.js';
import { hiddenRuleTexts, renderExamples, renderIdentity, renderRuntimeRules } from './render-persona.js';

/** Only what assembly reads from a lorebook hit (the lorebook engine's `LorebookHit` fits). */
export interface PromptLoreHit {
  content: string;
  /** Lower first; hits are also trimmed from the end of this order. */
  order?: number;
  /**
   * Where the hit goes (the engine's `LorebookPosition`): `before_char` before the character's
   * identity, `at_depth` inside the history at `depth`, `author_note_top|bottom` around the author's
   * note; anything else in the "World notes" after the character.
   */
  position?: string;
  depth?: number;
}

/** Who the user is in the chat (issue 20 item 1); the name is `userName`. */
export interface PromptPersonaDetails {
  description: string;
  pronouns: string | null;
}

/** The chat's author's note: placed `depth` messages back, every `frequency`-th user message. */
export interface PromptAuthorNote {
  text: string;
  depth: number;
  frequency: number;
}

export interface AssemblePromptInput {
  doc: DesignDoc;
  /** Usually `doc.runtime`; separate so a chat can pin the rules of the version it started with. */
  rules: RuntimeRules;
  relationship: RelationshipState;
  lorebookHits: readonly PromptLoreHit[];
  /** The memory layer's block ('' when nothing is recalled). */
  memory: string;
  /** Oldest first; the last one is normally the user's new message. */
  history: readonly { role: 'user' | 'assistant'; content: string }[];
  safetyPreamble: string;
  userName: string;
  /** The user's persona; its block follows the character's identity. */
  persona?: PromptPersonaDetails | null;
  authorNote?: PromptAuthorNote | null;
  /**
   * The card's `post_history_instructions`: a system message after the newest message, where the
   * card spec puts it (it then weighs most with the model).
   */
  postHistoryInstructions?: string;
  /** Budget for the whole prompt (every message, with per-message overhead). */
  budgetTokens: number;
  countTokens: TokenCounter;
  /** Passed through to the request. */
  maxReplyTokens?: number;
  temperature?: number;
  /** ISO time of the turn; lets the relationship line mention a long silence. */
  now?: string;
  /** The turn's canary, placed in the private guidance (issue 13 item 5). */
  canary?: string;
}

export interface AssembledPrompt {
  request: ChatRequest;
  /** The creator's hidden rule texts, for the output guard's leak check. */
  hiddenTexts: string[];
  systemPrompt: string;
  tokens: number;
  /** What was left out to fit the budget. */
  dropped: {
    examples: boolean;
    history: number;
    lorebook: number;
    memory: boolean;
    authorNote: boolean;
    truncated: boolean;
  };
}

/** Role markers and separators cost tokens too; counted per message so the budget is never exceeded. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function countRequestTokens(messages: readonly ChatMessage[], countTokens: TokenCounter): number {
  return messages.reduce((sum, message) => sum + countTokens(message.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}

/** Longest prefix of `text` within `tokens` (binary search: counters need not be additive). */
function truncateToTokens(text: string, tokens: number, countTokens: TokenCounter): string {
  if (countTokens(text) <= tokens) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (countTokens(text.slice(0, middle)) <= tokens) low = middle;
    else high = middle - 1;
  }
  return text.slice(0, low);
}

/**
 * The persona stage (DESIGN §1.5): a pure, deterministic function to a `ChatRequest` that never
 * exceeds `budgetTokens`. Over budget, parts are dropped in this order: example dialogues, oldest
 * history, lorebook hits (from the last), memory; then the system core and finally the newest user
 * message are cut to fit. Hidden runtime rules appear only in the system message.
 */
export function assemblePrompt(input: AssemblePromptInput): AssembledPrompt {
  if (input.budgetTokens < 2 * MESSAGE_OVERHEAD_TOKENS) {
    throw new RangeError(
      `prompt budget ${input.budgetTokens} is below the minimum ${2 * MESSAGE_OVERHEAD_TOKENS}`,
    );
  }
  const names = { char: input.doc.name, user: input.userName };
  const countTokens = input.countTokens;
  const examples = renderExamples(input.doc, names);
  const lore = [...input.lorebookHits]
    .map((hit, index) => ({ ...hit, index }))
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.index - b.index)
    .map((hit) => ({ ...hit, content: fillMacros(hit.content.trim(), names) }))
    .filter((hit) => hit.content !== '');
  const memory = input.memory.trim();
  const lorePlaced = (count: number, positions: readonly string[]) =>
    lore
      .slice(0, count)
      .filter((hit) => positions.includes(placementOf(hit.position)))
      .map((hit) => hit.content);
  // The core changes only when lorebook hits are dropped (`before_char` hits live in it).
  const coreWith = (count: number) => {
    const before = lorePlaced(count, ['before_char']);
    return [
      input.safetyPreamble.trim(),
      before.length > 0 ? before.join('\n') : '',
      renderIdentity(input.doc, names),
      renderPersona(input.persona, input.userName, names),
      describeRelationship(input.relationship, input.rules, input.userName, input.now),
      renderRuntimeRules(input.rules, names, input.canary),
    ]
      .filter(Boolean)
      .join('\n\n');
  };
  const userMessages = input.history.filter((message) => message.role === 'user').length;
  const noteText = fillMacros(input.authorNote?.text.trim() ?? '', names);
  const postHistory = fillMacros(input.postHistoryInstructions?.trim() ?? '', names);

  const history = input.history.map((message) => ({ role: message.role, content: message.content }));
  const last = history.at(-1);
  const newest = last?.role === 'user' ? last : null;
  let older = newest ? history.slice(0, -1) : history;

  let keepExamples = examples !== '';
  let loreCount = lore.length;
  let keepMemory = memory !== '';
  let keepNote = noteText !== '' && isAuthorNoteDue(input.authorNote?.frequency ?? 1, userMessages);
  const dropped = {
    examples: false,
    history: 0,
    lorebook: 0,
    memory: false,
    authorNote: false,
    truncated: false,
  };

  const systemText = (coreText: string) => {
    const parts = [coreText];
    const world = lorePlaced(loreCount, ['world']);
    if (world.length > 0) parts.push(`World notes:\n${world.join('\n')}`);
    if (keepMemory) parts.push(`What you remember about ${input.userName}:\n${memory}`);
    if (keepExamples) parts.push(examples);
    return parts.join('\n\n');
  };
  const insertions = (): DepthInsertion[] => {
    const placed: DepthInsertion[] = lore
      .slice(0, loreCount)
      .filter((hit) => hit.position === 'at_depth')
      .map((hit) => ({ depth: hit.depth ?? 4, content: hit.content }));
    if (keepNote && input.authorNote) {
      const note = [
        ...lorePlaced(loreCount, ['author_note_top']),
        noteText,
        ...lorePlaced(loreCount, ['author_note_bottom']),
      ];
      placed.push({ depth: input.authorNote.depth, content: note.join('\n') });
    }
    return placed;
  };
  const build = (coreText: string, newestText: string | null): ChatMessage[] => [
    { role: 'system', content: systemText(coreText) },
    ...insertAtDepths(
      [...older, ...(newest && newestText !== null ? [{ role: 'user' as const, content: newestText }] : [])],
      insertions(),
    ),
    ...(postHistory ? [{ role: 'system' as const, content: postHistory }] : []),
  ];
  const fits = (messages: ChatMessage[]) => countRequestTokens(messages, countTokens) <= input.budgetTokens;

  let messages = build(coreWith(loreCount), newest?.content ?? null);
  while (!fits(messages)) {
    if (keepExamples) {
      keepExamples = false;
      dropped.examples = true;
    } else if (older.length > 0) {
      // Drop the oldest, then any leading assistant turn so the kept history starts with the user.
      let cut = 1;
      while (cut < older.length && older[cut]?.role === 'assistant') cut += 1;
      dropped.history += cut;
      older = older.slice(cut);
    } else if (loreCount > 0) {
      loreCount -= 1;
      dropped.lorebook += 1;
    } else if (keepMemory) {
      keepMemory = false;
      dropped.memory = true;
    } else if (keepNote) {
      keepNote = false;
      dropped.authorNote = true;
    } else {
      messages = fitCoreAndNewest(
        coreWith(loreCount),
        newest?.content ?? null,
        input.budgetTokens,
        countTokens,
        build,
      );
      dropped.truncated = true;
      break;
    }
    messages = build(coreWith(loreCount), newest?.content ?? null);
  }

  const request: ChatRequest = { messages };
  if (input.maxReplyTokens !== undefined) request.maxTokens = input.maxReplyTokens;
  if (input.temperature !== undefined) request.temperature = input.temperature;
  return {
    request,
    hiddenTexts: hiddenRuleTexts(input.rules, names),
    systemPrompt: messages[0]?.content ?? '',
    tokens: countRequestTokens(messages, countTokens),
    dropped,
  };
}

/** Positions placed outside the "World notes" after the character; every other one goes there. */
const PLACED_ELSEWHERE = ['before_char', 'at_depth', 'author_note_top', 'author_note_bottom'];

function placementOf(position: string | undefined): string {
  return position && PLACED_ELSEWHERE.includes(position) ? position : 'world';
}

function renderPersona(
  persona: PromptPersonaDetails | null | undefined,
  userName: string,
  names: { char: string; user: string },
): string {
  if (!persona) return '';
  const lines = [persona.pronouns ? `Pronouns: ${persona.pronouns}` : '', persona.description.trim()].filter(
    Boolean,
  );
  if (lines.length === 0) return '';
  return fillMacros(`About ${userName}, the person you are talking with:\n${lines.join('\n')}`, names);
}

/** Last resort: the core keeps at least half the room, the newest message the rest; both cut to fit. */
function fitCoreAndNewest(
  core: string,
  newest: string | null,
  budget: number,
  countTokens: TokenCounter,
  build: (coreText: string, newestText: string | null) => ChatMessage[],
): ChatMessage[] {
  const messageCount = newest === null ? 1 : 2;
  const room = Math.max(0, budget - messageCount * MESSAGE_OVERHEAD_TOKENS);
  const newestTokens = newest === null ? 0 : Math.min(countTokens(newest), Math.floor(room / 2));
  let coreText = truncateToTokens(core, room - newestTokens, countTokens);
  let newestText =
    newest === null ? null : truncateToTokens(newest, room - countTokens(coreText), countTokens);
  let messages = build(coreText, newestText);
  // Non-additive counters can still overshoot by a token or two: shave until it fits.
  while (countRequestTokens(messages, countTokens) > budget && (coreText.length > 0 || newestText)) {
    if (newestText) newestText = newestText.slice(0, -1);
    else coreText = coreText.slice(0, -1);
    messages = build(coreText, newestText);
  }
  return messages;
}
