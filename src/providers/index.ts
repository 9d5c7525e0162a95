/**
 * The providers layer's public API: model adapters behind the `LanguageModel` / `EmbeddingModel`
 * spec, routing from config, and the first-run model download. Imports no other layer.
 */
export type {
  ChatChunk,
  ChatMessage,
  ChatParameter,
  ChatRequest,
  EmbeddingModel,
  FinishReason,
  LanguageModel,
  ProviderFailure,
  TokenCounter,
  ToolCall,
  ToolDefinition,
  Usage,
} from './spec.js';
export { parametersOf, unsupportedParameters } from './parameters.js';
export { isProviderError, ProviderError, type ProviderErrorCode } from './errors.js';
export {
  createModelRegistry,
  type ModelRegistry,
  type ModelRegistryDeps,
  type ModelStatus,
  type ModelTier,
  type PreparationState,
} from './model-router.js';
export { type ModelsConfig, modelsConfigFrom, modelsConfigShape } from './config.js';
export { parseModelRef, type ModelRef } from './model-ref.js';
export { withFallback } from './fallback.js';
export { DEFAULT_MODEL } from './default-model.js';
export { DownloadError, type DownloadProgress, downloadFile } from './download.js';
export { terminalDownloadProgress } from './download-progress.js';
export { prepareModelsInBackground } from './prepare-models.js';
export {
  detectOpenAICompatibleHost,
  OpenAICompatibleEmbeddings,
  type OpenAICompatibleHost,
  openAICompatibleHosts,
  OpenAICompatibleModel,
  type OpenAICompatibleOptions,
} from './openai-compatible.js';
export { AnthropicModel, type AnthropicOptions } from './anthropic.js';
export { EmbeddedModel, type EmbeddedModelOptions } from './embedded.js';
export { EmbeddedEmbeddings } from './embedded-embeddings.js';
export { estimateTokens } from './token-estimate.js';
