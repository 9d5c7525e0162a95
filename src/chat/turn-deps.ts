import type { Services } from '../services.js';
import type { TurnDeps, TurnLog } from './run-turn.js';

/** The pipeline's dependencies, taken from the running services; `log` is the request's logger. */
export function turnDepsFrom(services: Services, log: TurnLog): TurnDeps {
  const { chat, config } = services;
  return {
    db: services.db.kysely,
    clock: services.clock,
    log,
    authorize: chat.authorizeTurn,
    credits: chat.stages.credits,
    moderation: chat.stages.moderation,
    memory: chat.stages.memory,
    media: chat.stages.media,
    history: chat.history,
    characters: chat.characters,
    models: chat.models,
    memoryBudgetTokens: config.memoryBudgetTokens,
    maxReplyTokens: config.maxReplyTokens,
  };
}
