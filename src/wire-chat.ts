import type { UserDataRegistry } from './accounts/index.js';
import { type ChatServices, creditsOff, mediaOff, memoryOff, moderationOff } from './chat/index.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { NotFound, Unavailable } from './errors.js';

export interface WiringBase {
  config: Config;
  db: Db;
  clock: Clock;
  userData: UserDataRegistry;
}

/**
 * Connects the turn pipeline to the layers that implement its stages. A stage whose layer is not
 * configured runs its explicit "off" implementation; `describeStages` reports which are active.
 */
export function wireChat(
  _base: WiringBase,
  overrides: Omit<Partial<ChatServices>, 'stages'> & { stages?: Partial<ChatServices['stages']> } = {},
): ChatServices {
  return {
    characters: overrides.characters ?? {
      async forChat() {
        throw new NotFound('character_not_found', 'No character with that id.');
      },
      async describe() {
        return new Map();
      },
      async listChattable() {
        return [];
      },
      async greeting() {
        return null;
      },
      async buildPrompt() {
        throw new Unavailable('characters_unavailable', 'Characters are not available.');
      },
      async recordExchange() {},
    },
    models: overrides.models ?? {
      resolve() {
        throw new Unavailable('model_unavailable', 'No model is configured.');
      },
      countTokens: () => (text: string) => Math.ceil(text.length / 4),
      promptBudget: () => 2048,
    },
    stages: {
      credits: overrides.stages?.credits ?? creditsOff,
      moderation: overrides.stages?.moderation ?? moderationOff,
      memory: overrides.stages?.memory ?? memoryOff,
      media: overrides.stages?.media ?? mediaOff,
    },
    authorizeTurn: overrides.authorizeTurn ?? (async (actor) => actor),
  };
}

export function describeStages(chat: ChatServices): Record<string, string> {
  return Object.fromEntries(
    Object.entries(chat.stages).map(([stage, implementation]) => [stage, implementation.name]),
  );
}
