export { chatRoutes } from './routes.js';
export { openAiRoutes } from './openai-routes.js';
export { runTurn, type TurnDeps, type TurnRequest } from './run-turn.js';
export { HistoryCache } from './history-cache.js';
export type { TurnEvent } from './turn-events.js';
export type {
  ChatCharacter,
  ChatCharacters,
  ChatModels,
  ChatServices,
  PromptInput,
  PromptPersona,
} from './ports.js';
export * from './stages.js';
export { chatUserData } from './user-data.js';
