import {
  type ChatCharacters,
  type ChatModels,
  type ChatServices,
  creditsOff,
  mediaOff,
  memoryOff,
  HistoryCache,
  moderationOff,
} from './chat/index.js';

export interface ChatWiring extends Partial<Omit<ChatServices, 'stages' | 'characters' | 'models'>> {
  characters: ChatCharacters;
  models: ChatModels;
  stages?: Partial<ChatServices['stages']>;
}

/**
 * Connects the turn pipeline to the layers that implement its stages. A stage whose layer is not
 * configured runs its explicit "off" implementation; `describeStages` reports which are active
 * (logged at startup).
 */
export function wireChat(wiring: ChatWiring): ChatServices {
  return {
    characters: wiring.characters,
    models: wiring.models,
    stages: {
      credits: wiring.stages?.credits ?? creditsOff,
      moderation: wiring.stages?.moderation ?? moderationOff,
      memory: wiring.stages?.memory ?? memoryOff,
      media: wiring.stages?.media ?? mediaOff,
    },
    authorizeTurn: wiring.authorizeTurn ?? (async (actor) => actor),
    history: wiring.history ?? new HistoryCache(),
  };
}

export function describeStages(chat: ChatServices): Record<string, string> {
  return Object.fromEntries(
    Object.entries(chat.stages).map(([stage, implementation]) => [stage, implementation.name]),
  );
}
