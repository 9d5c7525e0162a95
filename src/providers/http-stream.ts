import { setTimeout as delay } from 'node:timers/promises';
import { ProviderError, toProviderError } from './errors.js';
import type { ChatChunk } from './spec.js';

/** The slice of `fetch` the HTTP adapters use; injectable so tests and hosts can swap the client. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TimeoutOptions {
  /** From sending the request to the first body bytes (connect, queueing, prompt processing). */
  firstByteMs: number;
  /** Longest silence allowed between two body chunks once the stream flows. */
  idleMs: number;
}

export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller (or fallback). */
  maxRetryAfterMs: number;
}

/** Waits `ms`, rejecting when `signal` aborts; injectable so tests assert delays without sleeping. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const defaultTimeouts: TimeoutOptions = { firstByteMs: 60_000, idleMs: 30_000 };
export const defaultRetry: RetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
};
export const defaultSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

export interface StreamingPost {
  fetch: FetchLike;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  timeouts: TimeoutOptions;
  /** Turns a non-2xx answer into a typed error (each wire has its own error body). */
  toError(status: number, bodyText: string, headers: Headers): ProviderError;
}

/**
 * POSTs JSON and yields the response body as it arrives. Timeouts abort the request; so does the
 * caller's signal, which closes the connection at once. Leaving the loop early also closes it.
 */
export async function* postForStream(request: StreamingPost): AsyncGenerator<Uint8Array> {
  const controller = new AbortController();
  let timedOut: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, phase: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = phase;
      controller.abort();
    }, ms);
  };
  const forwardAbort = () => controller.abort(request.signal.reason);
  if (request.signal.aborted) forwardAbort();
  request.signal.addEventListener('abort', forwardAbort, { once: true });
  const timeoutError = () =>
    new ProviderError('upstream_timeout', `The model server did not answer in time (${timedOut}).`, {
      retryable: true,
    });
  try {
    arm(request.timeouts.firstByteMs, 'no first byte');
    let response: Response;
    try {
      response = await request.fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...request.headers },
        body: JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch (error) {
      throw timedOut ? timeoutError() : toProviderError(error);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw request.toError(response.status, text, response.headers);
    }
    if (!response.body) throw new ProviderError('upstream_protocol', 'The model server sent no body.');
    const reader = response.body.getReader();
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (timedOut) throw timeoutError();
          throw new ProviderError('upstream_disconnected', 'The model server closed the stream early.', {
            retryable: true,
            cause: error,
          });
        }
        if (next.done) return;
        arm(request.timeouts.idleMs, 'stream went idle');
        yield next.value;
      }
    } finally {
      reader.releaseLock();
    }
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', forwardAbort);
    // Closes the socket when the consumer stopped early (abort, break, error chunk).
    controller.abort();
  }
}

/** Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(milliseconds) && milliseconds >= 0)
    return milliseconds;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before attempt `attempt + 1`, or undefined when the failure must go to the caller. */
export function retryDelay(
  failure: ProviderError,
  attempt: number,
  retry: RetryOptions,
  random: () => number = Math.random,
): number | undefined {
  if (!failure.retryable || attempt >= retry.maxAttempts) return undefined;
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs > retry.maxRetryAfterMs ? undefined : failure.retryAfterMs;
  }
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half jitter: spreads retries of many chats hitting one busy server.
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * Runs `attempt` and retries it on retryable failures, but only while no text has reached the caller:
 * after the first token a failure becomes a final `error` chunk. An abort always ends the stream with
 * a `finish` chunk whose reason is `abort`.
 */
export async function* retryBeforeFirstToken(
  attempt: () => AsyncIterable<ChatChunk>,
  options: { signal: AbortSignal; retry: RetryOptions; sleep: Sleep; random?: () => number },
): AsyncGenerator<ChatChunk> {
  const aborted: ChatChunk = { type: 'finish', finishReason: 'abort' };
  let started = false;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    if (options.signal.aborted) {
      yield aborted;
      return;
    }
    try {
      for await (const chunk of attempt()) {
        if (chunk.type === 'text-delta') started = true;
        yield chunk;
      }
      return;
    } catch (error) {
      if (options.signal.aborted) {
        yield aborted;
        return;
      }
      const failure = toProviderError(error);
      if (started) {
        yield { type: 'error', error: failure.toFailure() };
        return;
      }
      const wait = retryDelay(failure, attemptNumber, options.retry, options.random);
      if (wait === undefined) throw failure;
      try {
        await options.sleep(wait, options.signal);
      } catch {
        yield aborted;
        return;
      }
    }
  }
}
