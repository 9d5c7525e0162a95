import type { Actor } from '../../src/accounts/index.js';
import type { ChatCharacter, ChatCharacters, ChatModels } from '../../src/chat/index.js';
import { NotFound } from '../../src/errors.js';
import type { ChatChunk, ChatRequest, LanguageModel } from '../../src/providers/spec.js';

/** A scripted model: yields the given deltas (optionally slowly) and records every request and abort. */
export class FakeLanguageModel implements LanguageModel {
  readonly id = 'fake-model';
  readonly contextSize = 4096;
  readonly requests: ChatRequest[] = [];
  abortedAt: number | null = null;
  private index = 0;

  constructor(
    private readonly replies: string[][] = [['Hello', ' there', '.']],
    private readonly delayMs = 0,
    private readonly failBeforeFirstToken?: Error,
  ) {}

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk> {
    this.requests.push(request);
    const onAbort = () => {
      this.abortedAt = performance.now();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (this.failBeforeFirstToken) throw this.failBeforeFirstToken;
      const deltas = this.replies[Math.min(this.index, this.replies.length - 1)];
      this.index += 1;
      for (const text of deltas) {
        if (signal.aborted) return;
        if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        if (signal.aborted) return;
        yield { type: 'text-delta', text };
      }
      yield { type: 'finish', finishReason: 'stop' };
    } finally {
      // Long-lived signals (memory's job queue) would otherwise collect one listener per call.
      signal.removeEventListener('abort', onAbort);
    }
  }
}

export function fakeModels(model: LanguageModel): ChatModels {
  return {
    resolve: () => model,
    countTokens: () => (text: string) => Math.ceil(text.length / 4),
    promptBudget: () => 3000,
  };
}

/** Characters held in memory: `public` ones anyone may chat with, `private` only their owner. */
export class FakeCharacters implements ChatCharacters {
  readonly characters = new Map<
    string,
    ChatCharacter & {
      visibility: 'public' | 'private';
      greetingText: string | null;
      alternateGreetings?: string[];
    }
  >();
  readonly exchanges: { userText: string; replyText: string }[] = [];
  /** Every prompt input the pipeline asked for, so tests can assert persona and author's note. */
  readonly promptInputs: Parameters<ChatCharacters['buildPrompt']>[0][] = [];

  add(
    character: Partial<ChatCharacter> & {
      id: string;
      visibility?: 'public' | 'private';
      greetingText?: string | null;
      alternateGreetings?: string[];
    },
  ) {
    this.characters.set(character.id, {
      ownerId: 'system',
      name: `Character ${character.id}`,
      rating: 'sfw',
      creatorVerified: false,
      // The real port reads this from the doc it loads; a fake character is an adult unless told.
      minorCoded: false,
      modelOverride: null,
      visibility: 'public',
      greetingText: 'Hi! Nice to meet you.',
      ...character,
    });
  }

  async forChat(actor: Actor, id: string): Promise<ChatCharacter> {
    const character = this.characters.get(id);
    if (!character || (character.visibility === 'private' && character.ownerId !== actor.userId)) {
      throw new NotFound('character_not_found', 'No character with that id.');
    }
    return character;
  }

  async listChattable(actor: Actor) {
    return [...this.characters.values()]
      .filter((character) => character.visibility === 'public' || character.ownerId === actor.userId)
      .map((character) => ({
        id: character.id,
        slug: character.id,
        name: character.name,
        createdAt: '2026-01-01T00:00:00.000Z',
      }));
  }

  async describe(ids: string[]) {
    return new Map(
      ids.flatMap((id) =>
        this.characters.has(id)
          ? [[id, { name: this.characters.get(id)!.name, avatarUrl: null }] as const]
          : [],
      ),
    );
  }

  async greeting(_actor: Actor, id: string) {
    return this.characters.get(id)?.greetingText ?? null;
  }

  async greetings(_actor: Actor, id: string, userName: string) {
    const character = this.characters.get(id);
    const all = [character?.greetingText, ...(character?.alternateGreetings ?? [])];
    return all
      .filter((text): text is string => Boolean(text))
      .map((text) => text.replaceAll('{{user}}', userName));
  }

  async buildPrompt(input: Parameters<ChatCharacters['buildPrompt']>[0]) {
    this.promptInputs.push(input);
    const system = `You are ${this.characters.get(input.characterId)?.name}.${input.memoryBlock ? `\nMemory: ${input.memoryBlock}` : ''}`;
    return { request: { messages: [{ role: 'system' as const, content: system }, ...input.history] } };
  }

  async recordExchange(input: { userText: string; replyText: string }) {
    this.exchanges.push({ userText: input.userText, replyText: input.replyText });
  }
}

export interface SseEvent {
  type: string;
  [key: string]: any;
}

export function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)));
}
