/** The memory layer's public API (issue 6). */
export {
  createMemoryStage,
  DEFAULT_MEMORY_OPTIONS,
  type AfterTurnTexts,
  type MemoryOptions,
  type MemoryStageDeps,
  type RealMemoryStage,
} from './memory-stage.js';
export { createSifEmbedder, defaultGloveBinary, SIF_MODEL_ID } from './embedding/sif-embedder.js';
export { createBruteForceScorer, type VectorScorer } from './vector-scorer.js';
export { memoryRoutes } from './routes.js';
export { memoryUserData } from './memory-service.js';
export { runMemoryEvalCommand } from './eval/command.js';
