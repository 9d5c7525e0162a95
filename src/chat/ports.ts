import type { HistoryCache } from './history-cache.js';
import type { Actor } from '../accounts/index.js';
import type { ChatRequest, LanguageModel, TokenCounter } from '../providers/spec.js';
import type {
  CreditsStage,
  MediaStage,
  MemoryStage,
  ModerationStage,
  TurnCharacter,
  TurnHistoryMessage,
} from './stages.js';

/**
 * What the chat layer needs from the characters and providers layers, as narrow interfaces so the
 * pipeline is testable with fakes and the wiring lives in one place (create-services).
 */
export interface ChatCharacter extends TurnCharacter {
  /** A model id the character's creator asked for, if any (routing decides whether it applies). */
  modelOverride: string | null;
}

export interface PromptInput {
  actor: Actor;
  characterId: string;
  chatId: string;
  history: TurnHistoryMessage[];
  memoryBlock: string;
  /** Set when the model should continue its last (assistant) message rather than answer. */
  isContinuation: boolean;
  budgetTokens: number;
  countTokens: TokenCounter;
  /** Who the user is in this chat (`{{user}}`); the account's display name when null. */
  persona?: PromptPersona | null;
  /** The chat's author's note (issue 20 item 3); omitted or empty text adds nothing. */
  authorNote?: { text: string; depth: number; frequency: number } | null;
}

/** The persona fields that reach the prompt (never the avatar). */
export interface PromptPersona {
  name: string;
  description: string;
  pronouns: string | null;
}

export interface ChatCharacters {
  /** The character if the actor may chat with it; throws NotFound otherwise. */
  forChat(actor: Actor, characterIdOrSlug: string): Promise<ChatCharacter>;
  /** Characters the actor may chat with, for `GET /v1/models`. */
  listChattable(actor: Actor): Promise<{ id: string; slug: string; name: string; createdAt: string }[]>;
  /** Names and avatars for listing chats; ids the actor can no longer see are left out. */
  describe(characterIds: string[]): Promise<Map<string, { name: string; avatarUrl: string | null }>>;
  /** The opening message of a new chat, addressed to the user. */
  greeting(actor: Actor, characterId: string): Promise<string | null>;
  /**
   * Every greeting of the character (first, then the alternates), macros filled for `userName`; a new
   * chat offers them as swipes of its first message. Counts a chat start, like `greeting`.
   */
  greetings(actor: Actor, characterId: string, userName: string): Promise<string[]>;
  /**
   * `canary` is a per-turn marker placed beside the private parts of the prompt and `hiddenTexts` the
   * creator's hidden rules: the output guard stops a reply that repeats either (issue 13 item 5).
   */
  buildPrompt(
    input: PromptInput,
  ): Promise<{ request: ChatRequest; canary?: string; hiddenTexts?: readonly string[] }>;
  /** Advances the relationship after a delivered exchange. Must not throw. */
  recordExchange(input: {
    actor: Actor;
    characterId: string;
    userText: string;
    replyText: string;
  }): Promise<void>;
}

export interface ChatModels {
  resolve(input: { characterModel: string | null; actor: Actor }): LanguageModel | Promise<LanguageModel>;
  countTokens(model: LanguageModel): TokenCounter;
  /** Tokens the prompt may use: the model's context minus room for the reply. */
  promptBudget(model: LanguageModel, maxReplyTokens: number): number;
}

/** Everything the chat layer needs at run time, assembled once in create-services. */
export interface ChatServices {
  characters: ChatCharacters;
  models: ChatModels;
  stages: {
    credits: CreditsStage;
    moderation: ModerationStage;
    memory: MemoryStage;
    media: MediaStage;
  };
  /** Stage 1 beyond authentication: throws Forbidden for suspended or banned accounts. */
  authorizeTurn(actor: Actor): Promise<Actor>;
  /** Recent messages of active chats, kept in process (history-cache.ts). */
  history: HistoryCache;
}
