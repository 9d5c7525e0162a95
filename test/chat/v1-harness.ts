import type { AddressInfo } from 'node:net';
import { grantCredits, runMoneyTransaction } from '../../src/billing/index.js';
import type { ModerationStage, OutputGuard } from '../../src/chat/stages.js';
import type { DialectName } from '../../src/db/index.js';
import { type TestApp, createTestApp, signUpTestUser } from '../helpers/app.js';
import { FakeCharacters } from '../helpers/fake-chat.js';
import { type FakeModelServer, openAIWire, startFakeModelServer } from '../providers/fake-model-server.js';

/** Input texts are blocked when they carry this marker (a stand-in for any harmful request). */
export const HARMFUL = 'HARMFUL-REQUEST-MARKER';

/** A moderation stage that records every text it checks and blocks the marker. */
export function recordingModeration() {
  const checked: string[] = [];
  const stage: ModerationStage = {
    name: 'recording',
    async checkInput({ text }) {
      checked.push(text);
      return text.includes(HARMFUL)
        ? { action: 'block', reply: 'Let us talk about something else.', code: 'test_block' }
        : { action: 'allow', kind: 'plain' };
    },
    openOutputGuard(): OutputGuard {
      return {
        kind: 'plain',
        async push(delta) {
          return delta.includes('UNSAFE-OUTPUT')
            ? { flagged: true, reply: 'A safe reply.', code: 'test_output' }
            : { flagged: false, release: delta };
        },
        async flush() {
          return { flagged: false, release: '' };
        },
      };
    },
  };
  return { checked, stage };
}

export interface V1Harness {
  testApp: TestApp;
  upstream: FakeModelServer;
  moderation: ReturnType<typeof recordingModeration>;
  userId: string;
  userHeaders: Record<string, string>;
  baseUrl: string;
  /** Creates an API key with these settings and returns it. */
  key(settings?: { promptMode?: 'hearth' | 'client'; clientMemory?: boolean }): Promise<string>;
  grant(amount: number): Promise<void>;
  balance(): Promise<number>;
  post(key: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The chat's stored messages, oldest first. */
  messages(chatId: string): Promise<{ role: string; content: string; swipeCount: number }[]>;
  close(): Promise<void>;
}

/**
 * The served app on a real port, with the real model registry pointed at a fake OpenAI-compatible
 * upstream (so tests see exactly what the upstream receives), the real ledger (no free allowance, so
 * every charge shows in the balance) and a recording moderation stage.
 */
export async function startV1Harness(
  dialect: DialectName,
  env: Record<string, string> = {},
): Promise<V1Harness> {
  const upstream = await startFakeModelServer(openAIWire);
  const characters = new FakeCharacters();
  characters.add({ id: 'luna', name: 'Luna' });
  const moderation = recordingModeration();
  const testApp = await createTestApp(dialect, {
    env: {
      HEARTH_LLM_BASE_URL: `${upstream.url}/v1`,
      HEARTH_LLM_MODEL: 'upstream-model',
      HEARTH_BASIC_DAILY_MESSAGES: '0',
      HEARTH_CONTEXT_SIZE: '32768',
      ...env,
    },
    chat: { characters, stages: { moderation: moderation.stage } },
    memoryModel: null,
  });
  const user = await signUpTestUser(testApp.app);
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const harness: V1Harness = {
    testApp,
    upstream,
    moderation,
    userId: user.id,
    userHeaders: user.headers,
    baseUrl,
    async key(settings = {}) {
      const created = await testApp.app.inject({
        method: 'POST',
        url: '/api/me/api-keys',
        payload: { name: 'client', ...settings },
        headers: user.headers,
      });
      if (created.statusCode !== 201) throw new Error(created.body);
      return created.json().key;
    },
    async grant(amount) {
      await runMoneyTransaction(testApp.services.db, (trx) =>
        grantCredits(
          trx,
          { clock: testApp.services.clock },
          { userId: user.id, amount, reason: 'test', actorUserId: null },
        ),
      );
    },
    async balance() {
      const wallet = await testApp.app.inject({ method: 'GET', url: '/api/wallet', headers: user.headers });
      return wallet.json().balance;
    },
    post(key, body, headers = {}) {
      return fetch(`${baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    },
    async messages(chatId) {
      const page = await testApp.app.inject({
        method: 'GET',
        url: `/api/chats/${chatId}/messages?limit=100`,
        headers: user.headers,
      });
      // The page is newest first; tests read the chat in order.
      const newestFirst: { role: string; content: string; swipeCount: number }[] = page.json().messages;
      return [...newestFirst].reverse().map((message) => ({
        role: message.role,
        content: message.content,
        swipeCount: message.swipeCount,
      }));
    },
    async close() {
      await testApp.close();
      await upstream.close();
    },
  };
  return harness;
}

/** Reads an SSE body into its `data:` payloads (JSON, or the `[DONE]` marker). */
export async function readSse(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}
