import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultSleep, type FetchLike, type Sleep } from './http-stream.js';

export interface DownloadProgress {
  /** Bytes on disk so far, resumed bytes included. */
  receivedBytes: number;
  /** Whole file size when the server said it. */
  totalBytes?: number;
  /** Bytes already on disk from an earlier, cut transfer. */
  resumedFrom: number;
}

export interface DownloadOptions {
  url: string;
  destination: string;
  /** Expected SHA-256 (hex). A mismatch removes the partial file and throws. */
  sha256?: string;
  fetch?: FetchLike;
  signal?: AbortSignal;
  onProgress?(progress: DownloadProgress): void;
  /** How many times a cut transfer is resumed before giving up. */
  maxResumes?: number;
  sleep?: Sleep;
}

export type DownloadErrorCode = 'offline' | 'http_error' | 'interrupted' | 'checksum_mismatch';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

/** Parses `Content-Range: bytes 100-199/1000` → 1000. */
function totalFromContentRange(value: string | null): number | undefined {
  const match = value?.match(/\/(\d+)\s*$/);
  return match ? Number(match[1]) : undefined;
}

async function hashExisting(file: string, hash: Hash): Promise<void> {
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
}

/**
 * Downloads `url` to `destination` through `destination.part`: a cut transfer resumes with an HTTP
 * Range request (here, or on the next start), the SHA-256 is checked before an atomic rename, so a
 * file at `destination` is always complete and verified.
 */
export async function downloadFile(options: DownloadOptions): Promise<{ path: string; bytes: number }> {
  const fetchFile = options.fetch ?? ((url, init) => fetch(url, init));
  const signal = options.signal ?? new AbortController().signal;
  const partPath = `${options.destination}.part`;
  await fs.promises.mkdir(path.dirname(options.destination), { recursive: true });
  let resumes = 0;
  for (;;) {
    signal.throwIfAborted();
    const hash = createHash('sha256');
    let offset = fs.existsSync(partPath) ? (await fs.promises.stat(partPath)).size : 0;
    let response: Response;
    try {
      response = await fetchFile(options.url, {
        headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
        signal,
        redirect: 'follow',
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const code = ((error as Error).cause as { code?: string } | undefined)?.code;
      throw new DownloadError(
        'offline',
        `Could not reach ${new URL(options.url).host} (${code ?? (error as Error).message}); are you offline?`,
        { cause: error },
      );
    }
    let totalBytes: number | undefined;
    if (response.status === 416 && offset > 0) {
      // The part file already holds everything the server has: go straight to verification.
      await response.body?.cancel();
    } else if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError(
        'http_error',
        `The model server answered HTTP ${response.status} for ${options.url}.`,
      );
    } else {
      if (response.status === 206) {
        totalBytes = totalFromContentRange(response.headers.get('content-range'));
        await hashExisting(partPath, hash);
      } else {
        offset = 0; // The server ignored our Range: start over.
        const length = Number(response.headers.get('content-length'));
        totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
      }
      const resumedFrom = offset;
      let received = offset;
      const out = fs.createWriteStream(partPath, { flags: offset > 0 ? 'a' : 'w' });
      const closed = new Promise<void>((resolve, reject) => {
        out.on('close', resolve);
        out.on('error', reject);
      });
      let cut: unknown;
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          received += chunk.length;
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          options.onProgress?.({ receivedBytes: received, totalBytes, resumedFrom });
        }
      } catch (error) {
        cut = error;
      } finally {
        out.end();
        await closed;
      }
      if (signal.aborted) throw signal.reason;
      if (cut !== undefined || (totalBytes !== undefined && received < totalBytes)) {
        resumes += 1;
        if (resumes > (options.maxResumes ?? 5)) {
          throw new DownloadError(
            'interrupted',
            `The download of ${options.url} kept being cut off (${received} of ${totalBytes ?? '?'} bytes); start again to resume.`,
            { cause: cut },
          );
        }
        await (options.sleep ?? defaultSleep)(Math.min(10_000, 500 * 2 ** (resumes - 1)), signal);
        continue;
      }
    }
    if (response.status === 416) await hashExisting(partPath, hash);
    const digest = hash.digest('hex');
    if (options.sha256 && digest !== options.sha256.toLowerCase()) {
      await fs.promises.rm(partPath, { force: true });
      throw new DownloadError(
        'checksum_mismatch',
        `The downloaded file's SHA-256 is ${digest}, expected ${options.sha256}; the partial file was removed. Start again to retry.`,
      );
    }
    await fs.promises.rename(partPath, options.destination);
    return { path: options.destination, bytes: (await fs.promises.stat(options.destination)).size };
  }
}
