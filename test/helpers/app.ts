import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type ServiceOverrides, createServices } from '../../src/create-services.js';
import type { DialectName } from '../../src/db/index.js';
import type { Services } from '../../src/services.js';
import { fakeEmbedder } from '../memory/fake-models.js';
import { createTestDb } from './databases.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-42';
export const TEST_ORIGIN = 'http://localhost:80';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  close(): Promise<void>;
}

/** One app per test on a fresh database of the given dialect (DESIGN: one app per test). */
export async function createTestApp(
  dialect: DialectName,
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    chat?: ServiceOverrides['chat'];
    models?: ServiceOverrides['models'];
    memoryEmbedder?: ServiceOverrides['memoryEmbedder'];
    memoryModel?: ServiceOverrides['memoryModel'];
  } = {},
): Promise<TestApp> {
  const db = await createTestDb(dialect);
  const config: Config = loadConfig({ HEARTH_DATA_DIR: '/tmp/hearth-test-unused', ...options.env });
  const services = await createServices(config, db, {
    secret: TEST_SECRET,
    clock: options.clock,
    chat: options.chat,
    models: options.models,
    // The real GloVe embedder builds a 38 MB file on first use; it has its own tests in src/memory.
    memoryEmbedder: options.memoryEmbedder ?? fakeEmbedder(),
    memoryModel: options.memoryModel,
  });
  const app = await buildApp(services, { logger: false });
  return {
    app,
    services,
    async close() {
      await app.close();
      // Background memory jobs must finish before their database (a PostgreSQL schema) is dropped.
      await services.memory.settled();
      services.memory.stop();
      await services.models.close();
      await db.close();
    },
  };
}

/** A logged-in browser-like user: the session cookie plus a same-origin Origin header for writes. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  headers: Record<string, string>;
}

let counter = 0;
export async function signUpTestUser(
  app: FastifyInstance,
  overrides: Partial<Record<string, string>> = {},
): Promise<TestUser> {
  counter += 1;
  const body = {
    email: overrides.email ?? `user${counter}-${Date.now()}@example.com`,
    password: overrides.password ?? 'correct horse battery staple',
    displayName: overrides.displayName ?? `User ${counter}`,
    birthDate: overrides.birthDate ?? '1990-04-01',
  };
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: body,
    headers: { origin: TEST_ORIGIN },
  });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  return {
    id: response.json().user.id,
    email: body.email,
    password: body.password,
    headers: { cookie: sessionCookieOf(response), origin: TEST_ORIGIN },
  };
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name === 'hearth_session');
  if (!cookie) throw new Error('no session cookie in response');
  return `hearth_session=${cookie.value}`;
}
