import { ProviderError } from './errors.js';

export interface Lease<T> {
  readonly item: T;
  release(): void;
}

interface Waiter<T> {
  resolve(lease: Lease<T>): void;
  reject(reason: unknown): void;
  signal: AbortSignal;
  onAbort(): void;
}

/**
 * A fixed set of items (context sequences) handed out one request at a time. Requests beyond the set
 * wait in a bounded FIFO queue; an aborted waiter leaves the queue at once, a full queue answers
 * `model_busy` so callers can fall back instead of waiting forever.
 */
export class LeasePool<T> {
  private readonly free: T[];
  private readonly waiting: Waiter<T>[] = [];

  constructor(
    items: readonly T[],
    private readonly maxWaiting: number,
  ) {
    this.free = [...items];
  }

  get available(): number {
    return this.free.length;
  }

  get queued(): number {
    return this.waiting.length;
  }

  acquire(signal: AbortSignal): Promise<Lease<T>> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const item = this.free.shift();
    if (item !== undefined) return Promise.resolve(this.lease(item));
    if (this.waiting.length >= this.maxWaiting) {
      return Promise.reject(
        new ProviderError('model_busy', 'The local model is busy with other chats; try again shortly.', {
          retryable: true,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiting.indexOf(waiter);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private lease(item: T): Lease<T> {
    let released = false;
    return {
      item,
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiting.shift();
        if (next) {
          next.signal.removeEventListener('abort', next.onAbort);
          next.resolve(this.lease(item));
        } else {
          this.free.push(item);
        }
      },
    };
  }
}
