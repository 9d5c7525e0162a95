import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { ServiceOverrides } from '../../src/create-services.js';
import type { DialectName } from '../../src/db/index.js';
import { projectRoot } from '../../src/http/project-root.js';
import { createTestApp, type TestApp } from './app.js';

/**
 * Browser tests drive Debian's Chromium through playwright-core (no downloaded browsers).
 * HEARTH_CHROMIUM_PATH overrides the binary. Without Chromium a laptop run skips the browser suites
 * (`describe.skipIf(skipBrowserSuites)`); with CI=true they run anyway and fail loudly in
 * `launchBrowser`, because CI must never pass by skipping.
 */
export const chromiumPath = process.env.HEARTH_CHROMIUM_PATH || '/usr/bin/chromium';
export const skipBrowserSuites = !fs.existsSync(chromiumPath) && process.env.CI !== 'true';

const root = projectRoot();
const webIndex = path.join(root, 'dist', 'web', 'index.html');
const buildLock = path.join(root, 'dist', '.web-build.lock');

/** Launches headless Chromium with a fresh, throwaway profile (playwright creates the data dir). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it (apt-get install chromium) or set HEARTH_CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A real Hearth server on a random local port, serving the built UI, on a fresh database. */
export interface LiveServer {
  baseUrl: string;
  testApp: TestApp;
  /** Closes the browser contexts opened on it, drops open connections, then stops the app. */
  close(): Promise<void>;
}

const contextsByServer = new WeakMap<LiveServer, Set<BrowserContext>>();

export interface LiveServerOptions {
  dialect?: DialectName;
  env?: Record<string, string>;
  /** Fake characters, model or pipeline stages (see test/helpers/fake-chat.ts). */
  chat?: ServiceOverrides['chat'];
  /** A model registry (e.g. a scripted fake) for the whole app, memory's fact extraction included. */
  models?: ServiceOverrides['models'];
}

export async function startLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  // The app decides at build time whether it serves a UI, so the bundle must exist first.
  await ensureWebBuilt();
  const testApp = await createTestApp(options.dialect ?? 'sqlite', {
    env: options.env,
    chat: options.chat,
    models: options.models,
  });
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  const contexts = new Set<BrowserContext>();
  const server: LiveServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    testApp,
    async close() {
      // A page left open keeps connections (and streams) alive, and app.close() would wait for them.
      await Promise.all([...contexts].map((context) => context.close().catch(() => {})));
      testApp.app.server.closeAllConnections();
      await testApp.close();
    },
  };
  contextsByServer.set(server, contexts);
  return server;
}

export interface PageOptions {
  width?: number;
  height?: number;
}

/**
 * A new isolated browser context (own cookies) and page for `server`. Uncaught page errors and
 * console errors such as CSP violations are collected; `pageProblems(page)` returns them.
 */
export async function openPage(
  browser: Browser,
  server: LiveServer,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    acceptDownloads: true,
  });
  contextsByServer.get(server)?.add(context);
  // Fail a stuck step well inside vitest's 30 s test timeout, so the report names the step.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  problemsByPage.set(page, problems);
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // HTTP error statuses are expected in these tests (401 at boot, 403 underage); Chromium logs them.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return { context, page };
}

const problemsByPage = new WeakMap<Page, string[]>();

export function pageProblems(page: Page): string[] {
  return problemsByPage.get(page) ?? [];
}

/**
 * Builds the UI when dist/web is missing (`npm test` builds it first, so this is for a direct
 * `vitest run`); a lock directory keeps parallel test files from building at once. A bundle older
 * than web/ is only reported, not rebuilt: rebuilding empties dist/web under servers that other
 * test files are using at that moment, and their pages would load a bundle that no longer exists.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (fs.existsSync(webIndex)) {
    warnIfStale();
    return;
  }
  fs.mkdirSync(path.dirname(buildLock), { recursive: true });
  await acquireLock();
  try {
    if (fs.existsSync(webIndex)) return;
    await promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts'],
      { cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
    );
  } finally {
    fs.rmSync(buildLock, { recursive: true, force: true });
  }
}

let hasWarned = false;
function warnIfStale(): void {
  if (hasWarned || newestMtime(path.join(root, 'web')) <= fs.statSync(webIndex).mtimeMs) return;
  hasWarned = true;
  console.warn('dist/web is older than web/: browser tests run the old UI. Run `npm run build:web` first.');
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

async function acquireLock(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(buildLock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run is stale after two minutes.
      const lock = fs.statSync(buildLock, { throwIfNoEntry: false });
      if (!lock) continue;
      if (Date.now() - lock.mtimeMs > 120_000 || Date.now() > deadline) {
        fs.rmSync(buildLock, { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
