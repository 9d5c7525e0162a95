import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { type TestApp, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { FakeCharacters, parseSse } from '../helpers/fake-chat.js';
import { type FakeModelServer, openAIWire, startFakeModelServer } from '../providers/fake-model-server.js';

/**
 * Model routing through the served app (issue 5 §2): the real registry built from config, talking to a
 * fake OpenAI-compatible server, picks the premium model for a premium member and the default otherwise.
 */
describeEachDialect('model routing by tier', (dialect) => {
  let server: FakeModelServer;
  let testApp: TestApp;
  beforeAll(async () => {
    server = await startFakeModelServer(openAIWire);
  });
  afterAll(() => server.close());
  afterEach(() => testApp?.close());

  async function turnModel(options: { premiumMember: boolean; premiumModel?: string }) {
    const characters = new FakeCharacters();
    characters.add({ id: 'luna', name: 'Luna' });
    testApp = await createTestApp(dialect, {
      env: {
        HEARTH_LLM_BASE_URL: `${server.url}/v1`,
        HEARTH_LLM_MODEL: 'small',
        ...(options.premiumModel ? { HEARTH_PREMIUM_MODEL: options.premiumModel } : {}),
      },
      chat: { characters },
      memoryModel: null,
    });
    const user = await signUpTestUser(testApp.app);
    if (options.premiumMember) {
      const now = new Date().toISOString();
      await testApp.services.db.kysely
        .insertInto('billing_subscriptions')
        .values({
          id: newId(),
          user_id: user.id,
          kind: 'premium',
          character_id: null,
          creator_user_id: null,
          status: 'active',
          provider: 'manual',
          provider_ref: null,
          current_period_end: new Date(Date.now() + 86_400_000).toISOString(),
          cancel_at_period_end: 0,
          last_event_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const chat = await testApp.app.inject({
      method: 'POST',
      url: '/api/chats',
      payload: { characterId: 'luna' },
      headers: user.headers,
    });
    const before = server.requests.length;
    const turn = await testApp.app.inject({
      method: 'POST',
      url: `/api/chats/${chat.json().chat.id}/messages`,
      payload: { content: 'Hello' },
      headers: user.headers,
    });
    expect(parseSse(turn.body).at(-1)).toMatchObject({ type: 'finish' });
    const sent = server.requests
      .slice(before)
      .filter((request) => request.path.endsWith('/chat/completions'));
    return sent.map((request) => (request.body as { model: string }).model);
  }

  it('a premium member is answered by HEARTH_PREMIUM_MODEL', async () => {
    expect(await turnModel({ premiumMember: true, premiumModel: 'openai:big' })).toEqual(['big']);
  });

  it('a basic member is answered by the default model', async () => {
    expect(await turnModel({ premiumMember: false, premiumModel: 'openai:big' })).toEqual(['small']);
  });

  it('without a premium route everyone gets the default model', async () => {
    expect(await turnModel({ premiumMember: true })).toEqual(['small']);
  });
});
