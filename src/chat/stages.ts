import type { Actor } from '../accounts/index.js';

/**
 * The pipeline stages that other layers provide (DESIGN §1). `runTurn` depends only on these
 * interfaces; each layer's index.ts exports an implementation, and until a layer is configured the
 * app uses the explicit "off" implementations below (logged at startup, visible in /readyz).
 */

/** What the pipeline knows about the character a turn talks to; no design-doc internals. */
export interface TurnCharacter {
  id: string;
  ownerId: string;
  name: string;
  rating: 'sfw' | 'nsfw';
  /** The owner passed creator verification (money layer / creators). */
  creatorVerified: boolean;
  /**
   * The design doc reads as someone under 18, as the characters layer found when it loaded the doc
   * for this turn; safety looks it up itself when absent.
   */
  minorCoded?: boolean;
}

export interface TurnHistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

// ── 2. reserve credits ──────────────────────────────────────────────────────────────────────────
export type MessageKind = 'plain' | 'romantic' | 'adult';

export interface CreditHold {
  /** null when nothing was held (credits off, or the message falls within a free allowance). */
  id: string | null;
  credits: number;
}

export interface CreditsStage {
  readonly name: string;
  /** Holds the maximum price of one reply; throws `PaymentRequired` when the wallet cannot cover it. */
  reserve(input: {
    actor: Actor;
    chatId: string;
    character: TurnCharacter;
    requestId: string;
  }): Promise<CreditHold>;
  /**
   * Charges the actual price (≤ the hold) once the reply was delivered and stored; `utility` is a reply
   * that is no chat turn (a /v1 quiet prompt), priced as the sheet's utility call.
   */
  settle(
    hold: CreditHold,
    input: { actor: Actor; kind: MessageKind | 'utility'; messageId: string },
  ): Promise<void>;
  /** Gives the whole hold back: blocked, aborted or failed turns cost nothing. */
  release(hold: CreditHold, reason: 'blocked' | 'aborted' | 'failed'): Promise<void>;
}

// ── 3. moderate input / 7. post-filter ─────────────────────────────────────────────────────────
export type ModerationAction = 'allow' | 'safe_reply' | 'crisis' | 'block';

export type InputVerdict =
  | { action: 'allow'; kind: MessageKind }
  | {
      action: Exclude<ModerationAction, 'allow'>;
      /** The prepared in-character (or crisis) reply shown instead of a model reply. */
      reply: string;
      /** Stable reason code for the client, never classifier internals. */
      code: string;
    };

export type GuardStep =
  | { flagged: false; release: string }
  /** A flagged clause: the stream stops, the client replaces the partial reply with `reply`. */
  | { flagged: true; reply: string; code: string };

export interface OutputGuard {
  /** Feeds a model delta; returns the text that is safe to release now (whole clauses). */
  push(delta: string): Promise<GuardStep>;
  /** End of the stream: checks and releases whatever is still held back. */
  flush(): Promise<GuardStep>;
  /** The message kind of the reply so far, for settling its price. */
  readonly kind: MessageKind;
}

export interface ModerationStage {
  readonly name: string;
  checkInput(input: {
    actor: Actor;
    character: TurnCharacter;
    chatId: string;
    text: string;
    history: TurnHistoryMessage[];
  }): Promise<InputVerdict>;
  openOutputGuard(input: {
    actor: Actor;
    character: TurnCharacter;
    chatId: string;
    canary?: string;
    /** Hidden prompt texts a reply must never repeat verbatim. */
    hiddenTexts?: readonly string[];
  }): OutputGuard;
}

// ── 4. recall memory ────────────────────────────────────────────────────────────────────────────
export interface MemoryBlock {
  /** Text placed in the prompt's memory section ('' when nothing is recalled). */
  text: string;
  tokens: number;
}

export interface MemoryStage {
  readonly name: string;
  recall(input: {
    actor: Actor;
    characterId: string;
    chatId: string;
    query: string;
    budgetTokens: number;
    signal: AbortSignal;
    /**
     * A branched chat's ancestry (issue 20 item 5): items a listed chat derived from messages after
     * `afterMessageId` are not this chat's past and are left out.
     */
    exclude?: readonly { chatId: string; afterMessageId: string }[];
  }): Promise<MemoryBlock>;
  /** Called after a stored turn; enqueues background extraction/summaries. Must not throw. */
  afterTurn(input: {
    actor: Actor;
    characterId: string;
    chatId: string;
    userMessageId: string;
    replyMessageId: string;
    /** The exchange's texts and time, so memory never reads the chat tables. */
    userText: string;
    replyText: string;
    at: string;
    /**
     * The exchange was stored before (regenerate, continue, edit, swipe selection): what memory
     * derived from its earlier version is replaced, never kept beside it (issue 21).
     */
    replacing?: boolean;
  }): void;
  /**
   * Stored messages were edited, swiped or deleted (`messageIds`), or a whole chat was deleted (no
   * `messageIds`): everything memory derived from them is forgotten before this resolves. Edited
   * exchanges are then handed to `afterTurn` again, as they now read.
   */
  forgetMessages(input: {
    actor: Actor;
    characterId: string;
    chatId: string;
    messageIds?: string[];
  }): Promise<void>;
}

// ── 8. select media ─────────────────────────────────────────────────────────────────────────────
export interface MediaRef {
  id: string;
  kind: 'image' | 'audio' | 'video';
  url: string;
  locked: boolean;
}

export interface MediaStage {
  readonly name: string;
  select(input: {
    actor: Actor;
    character: TurnCharacter;
    chatId: string;
    replyText: string;
  }): Promise<MediaRef | null>;
}

// ── "off" implementations: used until a layer is configured; each says so in its name ─────────
export const creditsOff: CreditsStage = {
  name: 'off (no charge)',
  async reserve() {
    return { id: null, credits: 0 };
  },
  async settle() {},
  async release() {},
};

function passThroughGuard(): OutputGuard {
  return {
    kind: 'plain',
    async push(delta) {
      return { flagged: false, release: delta };
    },
    async flush() {
      return { flagged: false, release: '' };
    },
  };
}

export const moderationOff: ModerationStage = {
  name: 'off (no filter)',
  async checkInput() {
    return { action: 'allow', kind: 'plain' };
  },
  openOutputGuard: passThroughGuard,
};

export const memoryOff: MemoryStage = {
  name: 'off (no recall)',
  async recall() {
    return { text: '', tokens: 0 };
  },
  afterTurn() {},
  async forgetMessages() {},
};

export const mediaOff: MediaStage = {
  name: 'off (no media)',
  async select() {
    return null;
  },
};
