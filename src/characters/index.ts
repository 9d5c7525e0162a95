// Public API of the characters layer; other layers import only this file.
export {
  DESIGN_DOC_VERSION,
  designDocSchema,
  designDocBaseSchema,
  runtimeRulesSchema,
  defaultRuntimeRules,
  familiarityLevels,
  fillMacros,
  greetingFor,
  type DesignDoc,
  type DesignDocInput,
  type RuntimeRules,
  type FamiliarityLevel,
  type Rating,
  type Visibility,
  type CharacterStatus,
} from './design-doc.js';
export { findMinorAgeSignals, type MinorAgeSignal } from './minor-age.js';
export { characterRoutes } from './routes.js';
export {
  assemblePrompt,
  countRequestTokens,
  MESSAGE_OVERHEAD_TOKENS,
  type AssemblePromptInput,
  type AssembledPrompt,
  type PromptLoreHit,
  type PromptAuthorNote,
  type PromptPersonaDetails,
} from './assemble-prompt.js';
export {
  advanceRelationship,
  describeRelationship,
  initialRelationship,
  isMeaningfulMessage,
  type RelationshipState,
} from './relationship.js';
export {
  getCharacterForChat,
  buildTurnPrompt,
  recordExchange,
  estimateTokens,
  type ChatCharacter,
  type TurnPromptInput,
} from './chat-api.js';
export { recordChatStart, refreshCatalogCounters } from './character-extras.js';
export { canChat, canEdit, canList, canView } from './character-access.js';
export { characterUserData } from './user-data.js';
export { importCharacterCard, exportCharacterCard } from './card-transfer.js';
export { ensureStarterCharacters } from './starters.js';
export { createChatCharacters, DEFAULT_SAFETY_PREAMBLE, type ChatPortOptions } from './chat-port.js';
