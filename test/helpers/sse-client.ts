import { Worker } from 'node:worker_threads';

export interface SseClientTask {
  urls: string[];
  headers: Record<string, string>;
  body: unknown;
  /** When given, requests send these bodies in turn instead of `body`. */
  bodies?: unknown[];
  /** One request after another on `urls[0]`, or one request per url at once. */
  mode: 'sequential' | 'concurrent';
  warmup?: number;
  count?: number;
  /** Also return each response's text. */
  keepText?: boolean;
}

export interface SseClientResult {
  /** Milliseconds from sending to the first text delta, and to the end of the stream. */
  results: { firstToken: number; end: number; text?: string }[];
  errors: number;
}

/** Streams chat turns from a client on another thread (see sse-client.worker.mjs). */
export function streamTurnsFromClient(task: SseClientTask): Promise<SseClientResult> {
  const worker = new Worker(new URL('./sse-client.worker.mjs', import.meta.url), { workerData: task });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: SseClientResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
