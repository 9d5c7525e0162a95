import { randomBytes } from 'node:crypto';
import type { Actor } from '../accounts/index.js';
import type { ChatCharacters } from '../chat/index.js';
import type { Clock } from '../clock.js';
import type { Executor } from './character-store.js';
import { docOf } from './character-store.js';
import { canChat } from './character-access.js';
import { listCatalog } from './catalog.js';
import { recordChatStart } from './character-extras.js';
import { buildTurnPrompt, getCharacterForChat, recordExchange } from './chat-api.js';
import { greetingFor } from './design-doc.js';
import { findMinorAgeSignals } from './minor-age.js';

/** Said before every persona; the safety layer may pass a stricter one. */
export const DEFAULT_SAFETY_PREAMBLE =
  'You are a fictional companion on Hearth. Everyone in this conversation is an adult. Never describe anyone under 18 ' +
  'in a romantic or sexual way, never give instructions that could cause real-world harm, and if the user seems to be ' +
  'in crisis, step out of character gently and point them to real help.';

export interface ChatPortOptions {
  db: Executor;
  clock: Clock;
  safetyPreamble?: string;
  /** Called when recording an exchange fails; `recordExchange` itself must not throw. */
  onError?: (error: unknown) => void;
}

/** The characters layer behind the chat layer's `ChatCharacters` port (wire it in create-services). */
export function createChatCharacters(options: ChatPortOptions): ChatCharacters {
  const { db, clock } = options;
  return {
    async forChat(actor: Actor, idOrSlug: string) {
      const character = await getCharacterForChat(db, actor, idOrSlug);
      return {
        id: character.id,
        ownerId: character.ownerId,
        name: character.name,
        rating: character.rating,
        creatorVerified: character.creatorVerified,
        minorCoded: findMinorAgeSignals(character.doc).length > 0,
        modelOverride: null,
      };
    },
    async listChattable(actor: Actor) {
      const own = await listCatalog(db, actor, { mine: true, limit: 100 });
      const listed = await listCatalog(db, actor, { sort: 'popular', limit: 100 });
      const seen = new Set<string>();
      return [...own.items, ...listed.items]
        .filter((row) => !seen.has(row.id) && seen.add(row.id))
        .map((row) => ({ id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at }));
    },
    async describe(characterIds: string[]) {
      const result = new Map<string, { name: string; avatarUrl: string | null }>();
      if (characterIds.length === 0) return result;
      const rows = await db.selectFrom('characters').selectAll().where('id', 'in', characterIds).execute();
      for (const row of rows) {
        result.set(row.id, {
          name: row.name,
          avatarUrl: row.avatar_thumb_path
            ? `/api/characters/${row.id}/avatar?size=thumb&v=${row.updated_at}`
            : null,
        });
      }
      return result;
    },
    async greeting(actor: Actor, characterId: string) {
      const row = await db
        .selectFrom('characters')
        .selectAll()
        .where('id', '=', characterId)
        .executeTakeFirst();
      if (!row || !canChat(actor, row)) return null;
      // The chat layer asks for the greeting exactly once per new chat: count the start for Explore's sorts.
      await recordChatStart(db, row.id, clock);
      return greetingFor(docOf(row), actor.displayName);
    },
    async greetings(actor: Actor, characterId: string, userName: string) {
      const row = await db
        .selectFrom('characters')
        .selectAll()
        .where('id', '=', characterId)
        .executeTakeFirst();
      if (!row || !canChat(actor, row)) return [];
      await recordChatStart(db, row.id, clock);
      const doc = docOf(row);
      return doc.greetings.map((_greeting, index) => greetingFor(doc, userName, index));
    },
    async buildPrompt(input) {
      // A fresh canary per turn: a leak of one turn's prompt cannot be replayed to dodge the guard.
      const canary = `hearth-canary-${randomBytes(8).toString('hex')}`;
      const assembled = await buildTurnPrompt(db, {
        actor: input.actor,
        characterId: input.characterId,
        chatId: input.chatId,
        history: input.history,
        memory: input.memoryBlock,
        safetyPreamble: options.safetyPreamble ?? DEFAULT_SAFETY_PREAMBLE,
        userName: input.persona?.name ?? input.actor.displayName,
        persona: input.persona ?? null,
        authorNote: input.authorNote ?? null,
        budgetTokens: input.budgetTokens,
        countTokens: input.countTokens,
        clock,
        canary,
      });
      // Hearth's own safety preamble counts as hidden too: a reply that echoes it is a prompt leak,
      // not the user asking about minors (issue 13 low).
      const safetyPreamble = options.safetyPreamble ?? DEFAULT_SAFETY_PREAMBLE;
      return { request: assembled.request, canary, hiddenTexts: [safetyPreamble, ...assembled.hiddenTexts] };
    },
    async recordExchange(input) {
      try {
        await recordExchange(db, {
          userId: input.actor.userId,
          characterId: input.characterId,
          userText: input.userText,
          clock,
        });
      } catch (error) {
        options.onError?.(error);
      }
    },
  };
}
