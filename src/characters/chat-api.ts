import type { Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { TokenCounter } from '../providers/spec.js';
import {
  type AssembledPrompt,
  type PromptAuthorNote,
  type PromptPersonaDetails,
  assemblePrompt,
} from './assemble-prompt.js';
import { canChat } from './character-access.js';
import { loadRelationship, lorebooksFor, saveRelationship } from './character-extras.js';
import { characterNotFound } from './character-service.js';
import { type Executor, docOf, findCharacter, findVersionDoc } from './character-store.js';
import type { DesignDoc } from './design-doc.js';
import { type Lorebook, normaliseLorebook, scanLorebook } from './lorebook/index.js';
import { type RelationshipState, advanceRelationship } from './relationship.js';

/** What the chat layer needs about a character; `doc` includes hidden rules — server-side use only. */
export interface ChatCharacter {
  id: string;
  slug: string;
  ownerId: string;
  name: string;
  rating: 'sfw' | 'nsfw';
  /** Version to pin on a new chat (`chats` keep working when the character is edited later). */
  version: number;
  doc: DesignDoc;
  /** Filled by the creators layer when it lands; false until then. */
  creatorVerified: boolean;
}

/** The character when `actor` may chat with it; otherwise `NotFound('character_not_found')`. */
export async function getCharacterForChat(
  db: Executor,
  actor: Actor,
  idOrSlug: string,
): Promise<ChatCharacter> {
  const row = await findCharacter(db, idOrSlug);
  if (!row || !canChat(actor, row)) throw characterNotFound();
  return {
    id: row.id,
    slug: row.slug,
    ownerId: row.owner_id,
    name: row.name,
    rating: row.rating,
    version: row.version,
    doc: docOf(row),
    creatorVerified: false,
  };
}

export interface TurnPromptInput {
  actor: Actor;
  characterId: string;
  /** The version the chat pinned; the current doc when omitted or no longer stored. */
  version?: number;
  chatId?: string;
  /** Oldest first, ending with the user's new message. */
  history: readonly { role: 'user' | 'assistant'; content: string }[];
  memory: string;
  safetyPreamble: string;
  userName: string;
  /** The user's persona (its name is `userName`). */
  persona?: PromptPersonaDetails | null;
  authorNote?: PromptAuthorNote | null;
  budgetTokens: number;
  countTokens: TokenCounter;
  maxReplyTokens?: number;
  temperature?: number;
  clock: Clock;
  /** Share of the budget lorebook hits may use (default 0.25). */
  lorebookShare?: number;
  /** The turn's canary for the private guidance (issue 13 item 5). */
  canary?: string;
}

/** Loads doc (pinned version), relationship and lorebook hits, then runs the pure `assemblePrompt`. */
export async function buildTurnPrompt(db: Executor, input: TurnPromptInput): Promise<AssembledPrompt> {
  const row = await findCharacter(db, input.characterId);
  if (!row || !canChat(input.actor, row)) throw characterNotFound();
  const pinned = input.version === undefined ? undefined : await findVersionDoc(db, row.id, input.version);
  const doc = pinned ?? docOf(row);
  const relationship = await loadRelationship(db, input.actor.userId, row.id);
  const books = await lorebooksFor(db, row.id, input.chatId);
  const loreBudget = Math.floor(input.budgetTokens * (input.lorebookShare ?? 0.25));
  const messages = input.history.map((message) => message.content);
  const lorebookHits = books.flatMap((book) =>
    scanLorebook(normaliseLorebook(JSON.parse(book.data)) as Lorebook, {
      messages,
      tokenCounter: input.countTokens,
      budgetTokens: loreBudget,
    }),
  );
  return assemblePrompt({
    doc,
    rules: doc.runtime,
    relationship,
    lorebookHits,
    memory: input.memory,
    history: input.history,
    safetyPreamble: input.safetyPreamble,
    userName: input.userName,
    persona: input.persona,
    authorNote: input.authorNote,
    budgetTokens: input.budgetTokens,
    countTokens: input.countTokens,
    maxReplyTokens: input.maxReplyTokens,
    temperature: input.temperature,
    now: input.clock.now().toISOString(),
    canary: input.canary,
  });
}

/** Advances the user × character relationship after a delivered reply; returns the new state. */
export async function recordExchange(
  db: Executor,
  input: { userId: string; characterId: string; userText: string; clock: Clock },
): Promise<RelationshipState> {
  const row = await findCharacter(db, input.characterId);
  if (!row) throw characterNotFound();
  const doc = docOf(row);
  const state = await loadRelationship(db, input.userId, row.id);
  const next = advanceRelationship(state, doc.runtime, {
    userText: input.userText,
    at: input.clock.now().toISOString(),
  });
  await saveRelationship(db, input.userId, row.id, next, input.clock);
  return next;
}

/** A rough counter (≈4 characters a token) for previews when no model tokenizer is at hand. */
export const estimateTokens: TokenCounter = (text) => Math.ceil(text.length / 4);
