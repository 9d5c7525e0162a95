import { ProviderError } from './errors.js';
import type { CountingModel } from './fallback.js';
import { LeasePool } from './lease-pool.js';
import type { ChatChunk, ChatRequest } from './spec.js';

/**
 * One bound for every remote-provider call of this process (issue 13 item 12: one account ran 200
 * parallel turns against the model server): at most `concurrency` streams at once, at most
 * `maxWaiting` more wait in FIFO order; beyond that a call fails at once with `model_busy`
 * (retryable, so a configured fallback model answers instead).
 */
export class RemoteCallQueue {
  private readonly pool: LeasePool<number>;

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {
    this.pool = new LeasePool(
      Array.from({ length: concurrency }, (_, index) => index),
      maxWaiting,
    );
  }

  get running(): number {
    return this.concurrency - this.pool.available;
  }

  get waiting(): number {
    return this.pool.queued;
  }

  /** `model` with each stream holding one of the queue's slots from its first chunk to its end. */
  wrap(model: CountingModel): CountingModel {
    const pool = this.pool;
    return {
      id: model.id,
      get contextSize() {
        return model.contextSize;
      },
      // What the model honours travels with it: without this, /v1 refused every sampler field
      // beyond the spec's first four for queued (remote) models.
      parameters: model.parameters,
      countTokens: model.countTokens,
      async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatChunk> {
        const lease = await pool.acquire(signal).catch((error: unknown) => {
          if (error instanceof ProviderError && error.code === 'model_busy') {
            throw new ProviderError(
              'model_busy',
              'The model server is busy with other chats; try again in a moment.',
              { retryable: true, retryAfterMs: 5_000 },
            );
          }
          throw error;
        });
        try {
          yield* model.stream(request, signal);
        } finally {
          lease.release();
        }
      },
    };
  }
}
