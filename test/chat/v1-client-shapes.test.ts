import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { type V1Harness, readSse, startV1Harness } from './v1-harness.js';

/**
 * Issue 22 item 5: the request bodies SillyTavern, Agnai and RisuAI really send to a "custom
 * OpenAI-compatible" backend (written from their source: SillyTavern's server forwards
 * messages/model/temperature/max_tokens/stream/presence_penalty/frequency_penalty/top_p/top_k/stop/
 * logit_bias/seed/n; Agnai adds a `stop` string; RisuAI sends `logit_bias: {}` and `stream: false`),
 * replayed against Hearth, asserting what the upstream model server receives in each prompt mode.
 */
const card = 'Luna is a lighthouse keeper on a windy island. She is warm and teasing.';
function sillyTavernBody(history: { role: 'user' | 'assistant'; content: string }[], extra = {}) {
  return {
    messages: [
      { role: 'system', content: "Write Luna's next reply in a fictional chat between Luna and Sam." },
      { role: 'system', content: card },
      { role: 'system', content: "[Sam's persona: a sailor who lost his map]" },
      { role: 'system', content: '[Example Chat]' },
      { role: 'system', name: 'example_user', content: 'Is the light on tonight?' },
      { role: 'system', name: 'example_assistant', content: '*She laughs.* Always, for you.' },
      { role: 'system', content: '[Start a new Chat]' },
      { role: 'assistant', content: '*The door creaks open.* A visitor, in this weather?' },
      ...history,
    ],
    model: 'luna',
    temperature: 0.9,
    max_tokens: 300,
    stream: true,
    presence_penalty: 0.2,
    frequency_penalty: 0.3,
    top_p: 0.95,
    top_k: 40,
    stop: ['\nSam:'],
    logit_bias: {},
    seed: 1234,
    n: 1,
    ...extra,
  };
}

describeEachDialect('v1 client request shapes', (dialect) => {
  let harness: V1Harness;
  afterEach(() => harness?.close());

  it('SillyTavern, client mode: the upstream receives its messages as sent (named system messages, prefill) and its sampler fields; moderated and charged', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(20);
    const key = await harness.key({ promptMode: 'client' });
    const body = sillyTavernBody([
      { role: 'user', content: 'I need shelter from the storm.' },
      // SillyTavern's prefill (continue-prefill / assistant prefill): the reply continues it.
      { role: 'assistant', content: '*Luna opens the door wider.*' },
    ]);
    const response = await harness.post(key, body);
    expect(response.status).toBe(200);
    const events = await readSse(response);
    const text = events
      .filter((event): event is any => typeof event === 'object')
      .map((event) => event.choices?.[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe('Hello there!');
    expect(events.at(-1)).toBe('[DONE]');

    const [sent] = harness.upstream.requests;
    expect(sent.body.messages).toEqual(
      body.messages.map((message) => ({
        role: message.role,
        content: message.content,
        ...('name' in message ? { name: message.name } : {}),
      })),
    );
    expect(sent.body).toMatchObject({
      model: 'upstream-model',
      temperature: 0.9,
      max_tokens: 300,
      top_p: 0.95,
      top_k: 40,
      presence_penalty: 0.2,
      frequency_penalty: 0.3,
      seed: 1234,
      stop: ['\nSam:'],
    });
    // An empty logit_bias asks for nothing; `n: 1` is the only answer there is.
    expect(sent.body).not.toHaveProperty('logit_bias');
    expect(sent.body).not.toHaveProperty('n');
    expect(harness.moderation.checked).toEqual(['I need shelter from the storm.']);
    // The romantic maximum (3) was held; the plain reply settled at 1.
    expect(await harness.balance()).toBe(19);
  });

  it('SillyTavern, hearth mode: the upstream receives Hearth’s prompt with the new user text, and the sampler fields', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(20);
    const key = await harness.key();
    const response = await harness.post(
      key,
      sillyTavernBody([{ role: 'user', content: 'I need shelter from the storm.' }], { stream: false }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe('Hello there!');
    const [sent] = harness.upstream.requests;
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'You are Luna.' },
      { role: 'user', content: 'I need shelter from the storm.' },
    ]);
    expect(sent.body).toMatchObject({
      temperature: 0.9,
      max_tokens: 300,
      stop: ['\nSam:'],
      top_k: 40,
      seed: 1234,
    });
    expect(harness.moderation.checked).toEqual(['I need shelter from the storm.']);
    expect(await harness.balance()).toBe(19);
  });

  it('the X-Hearth-Prompt header overrides the key’s mode for one request', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(20);
    const key = await harness.key({ promptMode: 'client' });
    const body = sillyTavernBody([{ role: 'user', content: 'Hello?' }], { stream: false });
    expect((await harness.post(key, body, { 'x-hearth-prompt': 'hearth' })).status).toBe(200);
    expect(harness.upstream.requests[0].body.messages[0]).toEqual({
      role: 'system',
      content: 'You are Luna.',
    });
    const bad = await harness.post(key, body, { 'x-hearth-prompt': 'raw' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_prompt_mode', param: 'X-Hearth-Prompt' });
  });

  it('Agnai (stop as a string) and RisuAI (logit_bias {}, stream false) shapes in client mode', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(20);
    const key = await harness.key({ promptMode: 'client' });
    const agnai = {
      model: 'luna',
      stream: true,
      temperature: 0.7,
      max_tokens: 200,
      presence_penalty: 0,
      frequency_penalty: 0,
      top_p: 1,
      stop: '\nSam:',
      messages: [
        { role: 'system', content: card },
        { role: 'assistant', content: 'Welcome, traveller.' },
        { role: 'user', content: 'Sam: Thanks. Any tea?' },
      ],
    };
    expect((await harness.post(key, agnai)).status).toBe(200);
    expect(harness.upstream.requests[0].body).toMatchObject({
      messages: agnai.messages,
      stop: ['\nSam:'],
      temperature: 0.7,
      max_tokens: 200,
      top_p: 1,
    });
    const risu = {
      model: 'luna',
      messages: [
        { role: 'system', content: card },
        { role: 'user', content: 'What is the lighthouse called?' },
      ],
      temperature: 0.8,
      max_tokens: 150,
      presence_penalty: 0.5,
      frequency_penalty: 0.5,
      logit_bias: {},
      stream: false,
      top_p: 0.9,
      seed: 7,
    };
    const response = await harness.post(key, risu, {
      'x-hearth-chat': (await harness.post(key, { ...risu, user: 'risu-1' })).headers.get('x-hearth-chat')!,
    });
    expect(response.status).toBe(200);
    const sent = harness.upstream.requests.at(-1)!.body;
    expect(sent.messages).toEqual(risu.messages);
    expect(sent).toMatchObject({
      temperature: 0.8,
      max_tokens: 150,
      presence_penalty: 0.5,
      seed: 7,
      top_p: 0.9,
    });
    expect(sent).not.toHaveProperty('logit_bias');
  });

  it('client mode forwards response_format, tools and tool results (role tool and the legacy role function)', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(20);
    const key = await harness.key({ promptMode: 'client' });
    const tools = [
      {
        type: 'function',
        function: {
          name: 'roll_dice',
          description: 'Roll dice',
          parameters: { type: 'object', properties: { sides: { type: 'integer' } } },
        },
      },
    ];
    const response = await harness.post(key, {
      model: 'luna',
      messages: [
        { role: 'user', content: 'Roll for me.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'roll_dice', arguments: '{"sides":6}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '4' },
        { role: 'function', name: 'roll_dice', content: '5' },
      ],
      tools,
      tool_choice: 'auto',
      response_format: { type: 'json_object' },
    });
    expect(response.status).toBe(200);
    const sent = harness.upstream.requests[0].body;
    expect(sent.tools).toEqual(tools);
    expect(sent.tool_choice).toBe('auto');
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(sent.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'roll_dice', arguments: '{"sides":6}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '4' },
      { role: 'tool', tool_call_id: 'roll_dice', content: '5' },
    ]);
  });

  it('refuses what it cannot honour with a 400 naming the field, before anything is charged or stored', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(20);
    const key = await harness.key({ promptMode: 'client' });
    const user = { role: 'user', content: 'Hi' };
    const cases: [unknown, string, string][] = [
      [{ model: 'luna', messages: [user], n: 2 }, 'unsupported_parameter', 'n'],
      [{ model: 'luna', messages: [user], logprobs: true }, 'unsupported_parameter', 'logprobs'],
      [
        {
          model: 'luna',
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'Look' },
                { type: 'image_url', image_url: { url: 'data:,' } },
              ],
            },
          ],
        },
        'unsupported_content',
        'messages[0].content',
      ],
      [{ model: 'luna', messages: [user], mirostat: 2 }, 'validation_failed', ''],
    ];
    for (const [body, code, param] of cases) {
      const response = await harness.post(key, body);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe(code);
      if (param) expect(error.param).toBe(param);
      else expect(error.message).toContain('mirostat');
    }
    const hearthKey = await harness.key();
    const tools = await harness.post(hearthKey, {
      model: 'luna',
      messages: [user],
      tools: [{ type: 'function', function: { name: 'x' } }],
    });
    expect((await tools.json()).error).toMatchObject({ code: 'unsupported_parameter', param: 'tools' });
    expect(harness.upstream.requests).toHaveLength(0);
    expect(await harness.balance()).toBe(20);
    expect(await harness.testApp.services.db.kysely.selectFrom('chats').selectAll().execute()).toHaveLength(
      0,
    );
  });

  it('the user-message limit is an operator option in hearth mode; client mode takes up to the model context', async () => {
    harness = await startV1Harness(dialect, { HEARTH_MAX_MESSAGE_CHARS: '32000' });
    await harness.grant(20);
    const long = 'word '.repeat(7000); // 35,000 characters, about 8,750 tokens
    const hearth = await harness.post(await harness.key(), {
      model: 'luna',
      messages: [{ role: 'user', content: long }],
    });
    expect(hearth.status).toBe(400);
    expect((await hearth.json()).error.code).toBe('message_too_long');
    const clientKey = await harness.key({ promptMode: 'client' });
    const client = await harness.post(clientKey, {
      model: 'luna',
      messages: [{ role: 'user', content: long }],
    });
    expect(client.status).toBe(200);
    expect(harness.upstream.requests[0].body.messages[0].content).toBe(long);
    const tooLong = await harness.post(clientKey, {
      model: 'luna',
      messages: [{ role: 'user', content: 'word '.repeat(30_000) }],
    });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.code).toBe('context_length_exceeded');
  });
});
