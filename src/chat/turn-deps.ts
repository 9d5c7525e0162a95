import type { Services } from '../services.js';
import { type TurnDeps, type TurnLog, type TurnRequest, runTurn } from './run-turn.js';
import type { TurnEvent } from './turn-events.js';

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

/**
 * Runs a turn for a route, counted as foreground work from start to end so background memory jobs
 * wait (src/foreground.ts) instead of delaying its first token.
 */
export async function* runTurnFor(
  services: Services,
  request: TurnRequest,
  log: TurnLog,
): AsyncGenerator<TurnEvent> {
  const end = services.foreground.begin();
  try {
    yield* runTurn(request, turnDepsFrom(services, log));
  } finally {
    end();
  }
}
