import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, expect, it } from 'vitest';
import { type TestApp, createTestApp, signUpTestUser } from '../helpers/app.js';
import { FakeCharacters, FakeLanguageModel, fakeModels } from '../helpers/fake-chat.js';

let testApp: TestApp;
afterEach(() => testApp?.close());

async function setup() {
  const characters = new FakeCharacters();
  characters.add({ id: 'luna', name: 'Luna' });
  const model = new FakeLanguageModel([['Hello', ' from', ' Luna.']]);
  testApp = await createTestApp('sqlite', { chat: { characters, models: fakeModels(model) } });
  const alice = await signUpTestUser(testApp.app);
  const bob = await signUpTestUser(testApp.app);
  characters.add({ id: 'bobs-secret', ownerId: bob.id, visibility: 'private' });
  const created = await testApp.app.inject({
    method: 'POST',
    url: '/api/me/api-keys',
    payload: { name: 'sdk' },
    headers: alice.headers,
  });
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = testApp.app.server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}/v1`;
  return {
    model,
    alice,
    baseURL,
    client: new OpenAI({ apiKey: created.json().key, baseURL, maxRetries: 0 }),
  };
}

it('serves models and non-streaming completions through the official openai client', async () => {
  const { client, model } = await setup();
  const models = await client.models.list();
  expect(models.data.map((entry) => entry.id)).toEqual(['luna']);
  const completion = await client.chat.completions.create({
    model: 'luna',
    messages: [{ role: 'user', content: 'Hi there' }],
    user: 'conversation-1',
  });
  expect(completion.choices[0].message.content).toBe('Hello from Luna.');
  expect(completion.choices[0].finish_reason).toBe('stop');
  expect(model.requests[0].messages.at(-1)).toEqual({ role: 'user', content: 'Hi there' });
  // The same `user` key continues the same chat: the previous exchange is in the next prompt.
  await client.chat.completions.create({
    model: 'luna',
    messages: [{ role: 'user', content: 'Again' }],
    user: 'conversation-1',
  });
  expect(model.requests[1].messages.map((message) => message.content)).toContain('Hi there');
});

it('streams completions through the official openai client', async () => {
  const { client } = await setup();
  const stream = await client.chat.completions.create({
    model: 'luna',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  let text = '';
  let finishReason: string | null = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  expect(text).toBe('Hello from Luna.');
  expect(finishReason).toBe('stop');
});

it('refuses a wrong key, another user’s private character and malformed requests in OpenAI’s error shape', async () => {
  const { client, baseURL, model } = await setup();
  const wrong = new OpenAI({ apiKey: 'hth_wrong', baseURL, maxRetries: 0 });
  await expect(wrong.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  await expect(
    client.chat.completions.create({ model: 'bobs-secret', messages: [{ role: 'user', content: 'Hi' }] }),
  ).rejects.toMatchObject({ status: 404, code: 'model_not_found', type: 'not_found_error' });
  await expect(
    client.chat.completions.create({
      model: 'luna',
      messages: [{ role: 'assistant', content: 'no user turn' }],
    }),
  ).rejects.toMatchObject({ status: 400, code: 'no_user_message' });
  await expect(client.chat.completions.create({ model: 'luna', messages: [] })).rejects.toMatchObject({
    status: 400,
  });
  const raw = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${(client as any).apiKey}`, 'content-type': 'application/json' },
    body: '{"model": "luna", ',
  });
  expect(raw.status).toBe(400);
  expect((await raw.json()).error).toMatchObject({ code: 'invalid_json', type: 'invalid_request_error' });
  expect(model.requests).toHaveLength(0);
  const chats = await testApp.services.db.kysely.selectFrom('chats').selectAll().execute();
  expect(chats).toHaveLength(0);
});
