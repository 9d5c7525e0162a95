import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DownloadProgress, downloadFile } from './download.js';

const file = randomBytes(256 * 1024);
const sha256 = createHash('sha256').update(file).digest('hex');

interface FakeFileServer {
  url: string;
  /** Range headers of each request, `null` when none. */
  ranges: (string | null)[];
  /** Cut the connection after this many body bytes on the next request(s). */
  cutAt: number[];
  close(): Promise<void>;
}

/** Serves `file` with Range support, cutting connections on demand like a flaky CDN. */
async function startFakeFileServer(): Promise<FakeFileServer> {
  const ranges: (string | null)[] = [];
  const cutAt: number[] = [];
  const server = http.createServer((request, response) => {
    const range = request.headers.range ?? null;
    ranges.push(range);
    const start = range ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
    if (start >= file.length) {
      response.writeHead(416, { 'content-range': `bytes */${file.length}` });
      response.end();
      return;
    }
    const body = file.subarray(start);
    response.writeHead(range ? 206 : 200, {
      'content-length': String(body.length),
      'content-type': 'application/octet-stream',
      ...(range ? { 'content-range': `bytes ${start}-${file.length - 1}/${file.length}` } : {}),
    });
    const cut = cutAt.shift();
    if (cut === undefined) {
      response.end(body);
      return;
    }
    response.write(body.subarray(0, cut), () => setTimeout(() => response.socket?.destroy(), 20));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.gguf`,
    ranges,
    cutAt,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('downloadFile', () => {
  let server: FakeFileServer;
  let dir: string;
  const noSleep = async () => {};

  beforeEach(async () => {
    server = await startFakeFileServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-download-'));
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('downloads with progress events, checks the SHA-256 and renames atomically', async () => {
    const destination = path.join(dir, 'models', 'model.gguf');
    const events: DownloadProgress[] = [];
    const result = await downloadFile({
      url: server.url,
      destination,
      sha256,
      onProgress: (p) => events.push(p),
    });
    expect(result).toEqual({ path: destination, bytes: file.length });
    expect(fs.readFileSync(destination).equals(file)).toBe(true);
    expect(fs.existsSync(`${destination}.part`)).toBe(false);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ receivedBytes: file.length, totalBytes: file.length, resumedFrom: 0 });
    const received = events.map((event) => event.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
  });

  it('resumes with a Range request after the server cuts the connection mid-file', async () => {
    const destination = path.join(dir, 'model.gguf');
    server.cutAt.push(100_000);
    const events: DownloadProgress[] = [];
    await downloadFile({
      url: server.url,
      destination,
      sha256,
      sleep: noSleep,
      onProgress: (p) => events.push(p),
    });
    expect(fs.readFileSync(destination).equals(file)).toBe(true);
    expect(server.ranges[0]).toBeNull();
    expect(server.ranges[1]).toMatch(/^bytes=\d+-$/);
    const resumedFrom = Number(/bytes=(\d+)-/.exec(server.ranges[1]!)![1]);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ receivedBytes: file.length, resumedFrom });
  });

  it('resumes a .part file left by an earlier run', async () => {
    const destination = path.join(dir, 'model.gguf');
    fs.writeFileSync(`${destination}.part`, file.subarray(0, 5000));
    await downloadFile({ url: server.url, destination, sha256 });
    expect(server.ranges).toEqual(['bytes=5000-']);
    expect(fs.readFileSync(destination).equals(file)).toBe(true);
  });

  it('rejects a checksum mismatch with a clear error and removes the partial file', async () => {
    const destination = path.join(dir, 'model.gguf');
    const wrong = 'f'.repeat(64);
    await expect(downloadFile({ url: server.url, destination, sha256: wrong })).rejects.toMatchObject({
      code: 'checksum_mismatch',
      message: expect.stringContaining(`expected ${wrong}`),
    });
    expect(fs.existsSync(destination)).toBe(false);
    expect(fs.existsSync(`${destination}.part`)).toBe(false);
  });

  it('gives up after too many cuts but keeps the .part for the next start', async () => {
    const destination = path.join(dir, 'model.gguf');
    server.cutAt.push(1000, 1000, 1000);
    await expect(
      downloadFile({ url: server.url, destination, sha256, sleep: noSleep, maxResumes: 2 }),
    ).rejects.toMatchObject({
      code: 'interrupted',
    });
    expect(fs.statSync(`${destination}.part`).size).toBeGreaterThan(0);
    expect(fs.existsSync(destination)).toBe(false);
  });

  it('reports an unreachable host as offline', async () => {
    await server.close();
    await expect(
      downloadFile({ url: server.url, destination: path.join(dir, 'model.gguf'), sha256 }),
    ).rejects.toMatchObject({ code: 'offline' });
  });
});
