import fs from 'node:fs';
import type { Llama } from 'node-llama-cpp';
import { AnthropicModel } from './anthropic.js';
import type { ModelsConfig } from './config.js';
import { DEFAULT_MODEL } from './default-model.js';
import { type DownloadProgress, downloadFile } from './download.js';
import { EmbeddedEmbeddings } from './embedded-embeddings.js';
import { EmbeddedModel } from './embedded.js';
import { type CountingModel, withFallback } from './fallback.js';
import type { FetchLike, Sleep } from './http-stream.js';
import { formatModelRef, parseModelRef } from './model-ref.js';
import {
  detectOpenAICompatibleHost,
  OpenAICompatibleEmbeddings,
  type OpenAICompatibleHost,
  openAICompatibleHosts,
  type OpenAICompatibleOptions,
  OpenAICompatibleModel,
  probeEmbeddingDimensions,
} from './openai-compatible.js';
import type { EmbeddingModel, LanguageModel, TokenCounter } from './spec.js';
import { RemoteCallQueue } from './remote-queue.js';
import { estimateTokens } from './token-estimate.js';

export type ModelTier = 'basic' | 'premium';

export interface ModelRegistryDeps {
  /** HTTP client for remote providers and the download (tests inject fakes). */
  fetch?: FetchLike;
  loadLlama?: () => Promise<Llama>;
  sleep?: Sleep;
  /** Told when a fallback model answers for a failing primary (log it as `warn`). */
  onFallback?(event: { primary: string; fallback: string; error: unknown }): void;
}

export type PreparationState = 'not-needed' | 'pending' | 'downloading' | 'ready' | 'failed';

export interface ModelStatus {
  defaultModel: string;
  premiumModel?: string;
  fallbackModel?: string;
  embedded?: {
    path: string;
    preparation: PreparationState;
    /** Load state of the embedded model (`missing` until the file exists). */
    state: EmbeddedModel['state'];
    progress?: { receivedBytes: number; totalBytes?: number };
    error?: string;
  };
  embeddings?: string;
}

export interface ModelRegistry {
  /** The model for one turn: a character's allowed override, else the tier's, with fallback wrapped in. */
  resolve(input?: { characterModel?: string | null; tier?: ModelTier }): LanguageModel;
  /** Exact for the embedded model once loaded, an estimate for everything else. */
  countTokens(model: LanguageModel): TokenCounter;
  /** Prompt tokens that leave room for the reply in the model's context window. */
  promptBudget(model: LanguageModel, maxReplyTokens: number): number;
  /** The configured embedding model (loaded or probed on first call), undefined when none. */
  embeddings(): Promise<EmbeddingModel | undefined>;
  /** First-run step of `serve`: downloads the default GGUF when it is needed and missing. Never throws. */
  prepare(options?: { onProgress?(progress: DownloadProgress): void; signal?: AbortSignal }): Promise<void>;
  status(): ModelStatus;
  close(): Promise<void>;
}

const switchModel =
  'set HEARTH_MODEL=/path/to/model.gguf or HEARTH_LLM_BASE_URL=… (an OpenAI-compatible server) and restart';

/** Builds every configured model lazily; nothing loads or connects until first use. */
export function createModelRegistry(config: ModelsConfig, deps: ModelRegistryDeps = {}): ModelRegistry {
  const models = new Map<string, CountingModel>();
  const locals: EmbeddedModel[] = [];
  let defaultLocal: EmbeddedModel | undefined;
  let preparation: PreparationState = 'pending';
  let progress: DownloadProgress | undefined;
  let preparationError: string | undefined;

  const needsDefaultGguf = [config.defaultModel, config.premiumModel, config.fallbackModel].some(
    (ref) => ref !== undefined && parseModelRef(ref)?.kind === 'embedded',
  );
  if (!needsDefaultGguf || config.modelPathIsExplicit || !config.download.enabled) preparation = 'not-needed';
  else if (fs.existsSync(config.modelPath)) preparation = 'ready';

  const describeMissing = (): string => {
    if (config.modelPathIsExplicit)
      return `HEARTH_MODEL points to ${config.modelPath}, which does not exist; ${switchModel}.`;
    if (preparation === 'downloading') {
      const percent = progress?.totalBytes
        ? Math.floor((progress.receivedBytes / progress.totalBytes) * 100)
        : 0;
      return `The default model is still downloading (${percent}%). Chat works once it is ready; to chat now, ${switchModel}.`;
    }
    if (preparation === 'failed')
      return `The default model could not be downloaded (${preparationError}); ${switchModel}.`;
    if (!config.download.enabled)
      return `No local model at ${config.modelPath} and HEARTH_MODEL_DOWNLOAD=false; ${switchModel}.`;
    return `The default model is not downloaded yet (\`hearth serve\` fetches it on start); ${switchModel}.`;
  };

  // Every remote model shares one bound on calls in flight (issue 13 item 12).
  const remoteQueue = new RemoteCallQueue(config.remoteConcurrency, config.remoteQueue);
  const timeouts = config.timeouts;
  const retry = { maxAttempts: config.maxRetries + 1 };
  const remoteOptions = (model: string): OpenAICompatibleOptions | undefined => {
    if (!config.remote) return undefined;
    const host = (
      config.remote.host === 'auto' ? detectOpenAICompatibleHost(config.remote.baseUrl) : config.remote.host
    ) as OpenAICompatibleHost;
    const preset = openAICompatibleHosts[host];
    return {
      ...preset,
      baseUrl: config.remote.baseUrl,
      apiKey: config.remote.apiKey,
      model,
      id: `openai:${model}`,
      contextSize: config.contextSize,
      headers: { ...preset.headers },
      timeouts: { ...preset.timeouts, ...timeouts },
      retry,
      fetch: deps.fetch,
      sleep: deps.sleep,
    };
  };

  const build = (ref: string): CountingModel | undefined => {
    const parsed = parseModelRef(ref);
    if (!parsed) return undefined;
    const key = formatModelRef(parsed);
    const existing = models.get(key);
    if (existing) return existing;
    let model: CountingModel | undefined;
    if (parsed.kind === 'embedded' || parsed.kind === 'gguf') {
      const local = new EmbeddedModel({
        modelPath: parsed.kind === 'gguf' ? parsed.path : config.modelPath,
        id: parsed.kind === 'gguf' ? key : undefined,
        contextSize: config.contextSize,
        parallelSequences: config.parallelSequences,
        maxQueued: config.maxQueued,
        threads: config.threads,
        loadLlama: deps.loadLlama,
        describeMissing: parsed.kind === 'embedded' ? describeMissing : undefined,
      });
      locals.push(local);
      if (parsed.kind === 'embedded') defaultLocal = local;
      model = local;
    } else if (parsed.kind === 'openai') {
      const options = remoteOptions(parsed.model);
      model = options ? remoteQueue.wrap(new OpenAICompatibleModel(options)) : undefined;
    } else if (config.anthropic) {
      model = remoteQueue.wrap(
        new AnthropicModel({
          apiKey: config.anthropic.apiKey,
          baseUrl: config.anthropic.baseUrl,
          model: parsed.model,
          timeouts,
          retry,
          fetch: deps.fetch,
          sleep: deps.sleep,
        }),
      );
    }
    if (model) models.set(key, model);
    return model;
  };

  const defaultModel = build(config.defaultModel) ?? build('embedded')!;
  const fallbackModel = config.fallbackModel ? build(config.fallbackModel) : undefined;
  const premiumModel = config.premiumModel ? build(config.premiumModel) : undefined;
  const allowedCharacterRefs = new Set(
    [config.defaultModel, config.premiumModel, config.fallbackModel, ...config.characterModels]
      .filter((ref): ref is string => ref !== undefined)
      .map((ref) => parseModelRef(ref))
      .filter((ref) => ref !== undefined && ref.kind !== 'gguf')
      .map((ref) => formatModelRef(ref!)),
  );
  const wrapped = new Map<CountingModel, CountingModel>();
  const withConfiguredFallback = (primary: CountingModel): CountingModel => {
    if (!fallbackModel || fallbackModel === primary) return primary;
    let model = wrapped.get(primary);
    if (!model) {
      model = withFallback(primary, fallbackModel, (error) =>
        deps.onFallback?.({ primary: primary.id, fallback: fallbackModel.id, error }),
      );
      wrapped.set(primary, model);
    }
    return model;
  };

  let embeddingsPromise: Promise<EmbeddingModel | undefined> | undefined;
  let embeddingsLoaded: { close?(): Promise<void> } | undefined;

  return {
    resolve(input = {}) {
      const override = input.characterModel ? parseModelRef(input.characterModel) : undefined;
      const overrideKey = override ? formatModelRef(override) : undefined;
      const chosen =
        (overrideKey && allowedCharacterRefs.has(overrideKey) ? build(overrideKey) : undefined) ??
        (input.tier === 'premium' ? premiumModel : undefined) ??
        defaultModel;
      return withConfiguredFallback(chosen);
    },
    countTokens(model) {
      return (model as CountingModel).countTokens ?? estimateTokens;
    },
    promptBudget(model, maxReplyTokens) {
      const context = model.contextSize ?? config.contextSize;
      // A small margin absorbs chat-template tokens the budget cannot see.
      return Math.max(256, context - maxReplyTokens - 64);
    },
    embeddings() {
      embeddingsPromise ??= (async () => {
        if (config.embeddingModelPath) {
          const local = await EmbeddedEmbeddings.load({
            modelPath: config.embeddingModelPath,
            loadLlama: deps.loadLlama,
          });
          embeddingsLoaded = local;
          return local;
        }
        const options = config.remote?.embeddingModel
          ? remoteOptions(config.remote.embeddingModel)
          : undefined;
        if (!options) return undefined;
        const dimensions = await probeEmbeddingDimensions(options);
        return new OpenAICompatibleEmbeddings({ ...options, dimensions });
      })().catch((error: unknown) => {
        embeddingsPromise = undefined;
        throw error;
      });
      return embeddingsPromise;
    },
    async prepare(options = {}) {
      if (preparation !== 'pending' && preparation !== 'failed') return;
      if (!config.download.enabled) return;
      if (fs.existsSync(config.modelPath)) {
        preparation = 'ready';
        return;
      }
      preparation = 'downloading';
      try {
        await downloadFile({
          url: config.download.url ?? DEFAULT_MODEL.url,
          // A custom URL without a hash downloads unchecked; the pinned default always checks.
          sha256: config.download.url ? config.download.sha256 : DEFAULT_MODEL.sha256,
          destination: config.modelPath,
          fetch: deps.fetch,
          sleep: deps.sleep,
          signal: options.signal,
          onProgress: (next) => {
            progress = next;
            options.onProgress?.(next);
          },
        });
        preparation = 'ready';
      } catch (error) {
        preparation = 'failed';
        preparationError = error instanceof Error ? error.message : String(error);
      }
    },
    status() {
      const embeddedModel = defaultLocal;
      const status: ModelStatus = {
        defaultModel: defaultModel.id,
        premiumModel: premiumModel?.id,
        fallbackModel: fallbackModel?.id,
      };
      if (embeddedModel) {
        status.embedded = {
          path: config.modelPath,
          preparation,
          state: embeddedModel.state,
          progress: progress && { receivedBytes: progress.receivedBytes, totalBytes: progress.totalBytes },
          error: preparationError ?? embeddedModel.error,
        };
      }
      if (config.embeddingModelPath) status.embeddings = `embedded:${config.embeddingModelPath}`;
      else if (config.remote?.embeddingModel) status.embeddings = `openai:${config.remote.embeddingModel}`;
      return status;
    },
    async close() {
      await Promise.all(locals.map((model) => model.close()));
      await embeddingsLoaded?.close?.();
    },
  };
}
