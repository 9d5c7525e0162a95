import path from 'node:path';
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { ProviderError } from './errors.js';
import { loadCpuLlama } from './llama-runtime.js';
import type { EmbeddingModel } from './spec.js';

export interface EmbeddedEmbeddingsOptions {
  modelPath: string;
  id?: string;
  contextSize?: number;
  loadLlama?: () => Promise<Llama>;
}

/** Embeddings from a GGUF embedding model (e.g. nomic-embed, bge) run in-process. */
export class EmbeddedEmbeddings implements EmbeddingModel {
  private constructor(
    readonly id: string,
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
  ) {}

  /** Loads the model; `dimensions` is known afterwards. */
  static async load(options: EmbeddedEmbeddingsOptions): Promise<EmbeddedEmbeddings> {
    try {
      const llama = await (options.loadLlama ?? loadCpuLlama)();
      const model = await llama.loadModel({ modelPath: options.modelPath });
      const context = await model.createEmbeddingContext({
        contextSize: Math.min(options.contextSize ?? 2048, model.trainContextSize),
      });
      return new EmbeddedEmbeddings(
        options.id ?? `embedded:${path.basename(options.modelPath, '.gguf')}`,
        model,
        context,
      );
    } catch (error) {
      throw new ProviderError(
        'model_failed',
        `The embedding model could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  get dimensions(): number {
    return this.model.embeddingVectorSize;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    // One at a time: the embedding context evaluates a single input per call.
    for (const text of texts) {
      signal?.throwIfAborted();
      const embedding = await this.context.getEmbeddingFor(text);
      vectors.push(Float32Array.from(embedding.vector));
    }
    return vectors;
  }

  async close(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
