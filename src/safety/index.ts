// Public API of the safety layer; other layers import only this file.
export {
  moderate,
  mergeHits,
  fastOnly,
  type ModerationContext,
  type ModerationResult,
  type CascadeOptions,
} from './moderate.js';
export {
  classifyFast,
  flaggedHits,
  warmUpFastLayer,
  type FastResult,
  type FastSignals,
} from './fast-layer.js';
export { normalise } from './normalise.js';
export {
  decidePolicy,
  defaultPolicyOptions,
  type PolicyActor,
  type PolicyCharacter,
  type PolicyCode,
  type PolicyDecision,
  type PolicyInput,
  type PolicyOptions,
} from './policy.js';
export {
  CATEGORIES,
  CATEGORY_LABELS,
  HARD_LINE_CATEGORIES,
  LLAMA_GUARD_CODES,
  OPENAI_CATEGORY_MAP,
  FLAG_THRESHOLD,
  type Category,
  type CategoryHit,
  type Evidence,
} from './taxonomy.js';
export {
  createModerationStage,
  classifiersFrom,
  cascadeFrom,
  type ModerationStageDeps,
  type SafetyLog,
} from './stage.js';
export { createOutputGuard, type OutputGuardDeps } from './output-guard.js';
export { createLlamaGuard, guardLanguageModel, parseLlamaGuardVerdict } from './model/llama-guard.js';
export {
  createGuardModel,
  parseLlamaGuard3Verdict,
  parseQwen3GuardVerdict,
  type GuardFamily,
} from './model/guard-model.js';
export { createOpenAiModeration } from './model/openai-moderation.js';
export type { ModelClassifier, FetchLike } from './model/classifier.js';
export {
  assertMayChat,
  liftEndedSuspension,
  assertMayEnforce,
  addStrike,
  activeStrikeCount,
  suspendUser,
  banUser,
  reinstateUser,
  defaultEnforcementOptions,
  enforcementOptionsFrom,
  type EnforcementDeps,
  type EnforcementOptions,
} from './enforcement.js';
export { checkCharacterForPublish, type PublishCheck } from './publish-check.js';
export { safetyRoutes, type SafetyRoutesOptions } from './routes.js';
export { DEFAULT_SAFE_REPLIES, DEFAULT_CRISIS_RESOURCES, crisisReply, safeReplyFor } from './safe-replies.js';
export { appendAudit, listAudit } from './store/audit.js';
export { insertModerationItem, listQueue } from './store/items.js';
export { type SafetyConfig, defaultSafetyConfig, safetyConfigFrom, safetyConfigShape } from './config.js';
export {
  readEvalFile,
  evaluate,
  formatReport,
  runSafetyEvalCommand,
  type EvalReport,
  type EvalRow,
} from './eval.js';
export { safetyUserData } from './user-data.js';
export { accountStatePlugin, ALLOWED_WHILE_SUSPENDED } from './account-state.js';
export {
  classifyWithModel,
  scoreText,
  shippedClassifier,
  type ClassifierScore,
} from './classifier/classify.js';
export { runSafetyTrainCommand, DEFAULT_TRAINING_FILE } from './classifier/train-command.js';
