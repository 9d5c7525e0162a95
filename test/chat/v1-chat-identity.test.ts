import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { HARMFUL, type V1Harness, readSse, startV1Harness } from './v1-harness.js';

/**
 * Issue 22 items 2 and 3, issue 20 item 7 (/v1 chat reuse) and issue 13 item 3 (/v1 input moderation):
 * what a request does to the chat, and the errors a client can show.
 */
const system = { role: 'system', content: 'You are Luna, a lighthouse keeper.' };
const ask = (content: string) => ({ role: 'user', content });
const answer = (content: string) => ({ role: 'assistant', content });

describeEachDialect('v1 chat identity', (dialect) => {
  let harness: V1Harness;
  afterEach(() => harness?.close());

  async function chatIdOf(response: Response) {
    expect(response.status).toBe(200);
    await response.text();
    return response.headers.get('x-hearth-chat')!;
  }

  it('issue 20 item 7: calls without a chat id continue the key’s most recent API chat; another key gets its own', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(50);
    const key = await harness.key({ promptMode: 'client' });
    const first = await chatIdOf(await harness.post(key, { model: 'luna', messages: [system, ask('Hi')] }));
    const second = await chatIdOf(
      await harness.post(key, {
        model: 'luna',
        messages: [system, ask('Hi'), answer('Hello there!'), ask('How are you?')],
      }),
    );
    expect(second).toBe(first);
    const otherKey = await harness.key({ promptMode: 'client' });
    const third = await chatIdOf(
      await harness.post(otherKey, { model: 'luna', messages: [system, ask('Hi')] }),
    );
    expect(third).not.toBe(first);
    const chats = await harness.testApp.services.db.kysely.selectFrom('chats').select('id').execute();
    expect(chats).toHaveLength(2);
    expect(await harness.messages(first)).toEqual([
      { role: 'user', content: 'Hi', swipeCount: 1 },
      { role: 'assistant', content: 'Hello there!', swipeCount: 1 },
      { role: 'user', content: 'How are you?', swipeCount: 1 },
      { role: 'assistant', content: 'Hello there!', swipeCount: 1 },
    ]);
  });

  it('a regenerate from the client adds a swipe, not a user turn; a trailing stored reply is a continue', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(50);
    const key = await harness.key({ promptMode: 'client' });
    harness.upstream.replies.push(
      { kind: 'stream', deltas: ['First', ' answer.'] },
      { kind: 'stream', deltas: ['Second', ' answer.'] },
      { kind: 'stream', deltas: [' And more.'] },
    );
    const request = { model: 'luna', messages: [system, ask('Tell me a story')] };
    const chatId = await chatIdOf(await harness.post(key, request));
    // SillyTavern's regenerate/swipe resends the same messages.
    const again = await harness.post(key, request);
    expect(again.headers.get('x-hearth-turn')).toBe('regenerate');
    await again.text();
    expect(await harness.messages(chatId)).toEqual([
      { role: 'user', content: 'Tell me a story', swipeCount: 1 },
      { role: 'assistant', content: 'Second answer.', swipeCount: 2 },
    ]);
    // Continue: the stored reply comes back as the last message (SillyTavern's continue-prefill).
    const more = await harness.post(key, {
      model: 'luna',
      messages: [system, ask('Tell me a story'), answer('Second answer.')],
    });
    expect(more.headers.get('x-hearth-turn')).toBe('continue');
    await more.text();
    expect(harness.upstream.requests[2].body.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'Second answer.',
    });
    expect(await harness.messages(chatId)).toEqual([
      { role: 'user', content: 'Tell me a story', swipeCount: 1 },
      { role: 'assistant', content: 'Second answer. And more.', swipeCount: 2 },
    ]);
    // Only the first request carried new user text.
    expect(harness.moderation.checked).toEqual(['Tell me a story']);
  });

  it('quiet prompts (a trailing instruction after the stored history, or X-Hearth-Quiet) are answered, never stored, priced as utility', async () => {
    harness = await startV1Harness(dialect, { HEARTH_PRICE_UTILITY: '2' });
    await harness.grant(50);
    for (const mode of ['client', 'hearth'] as const) {
      const key = await harness.key({ promptMode: mode });
      const chatId = await chatIdOf(
        await harness.post(key, { model: 'luna', messages: [system, ask('Hi')] }),
      );
      const before = await harness.balance();
      // SillyTavern's Summarize extension: the whole chat, then the quiet prompt as a system message.
      const summary = await harness.post(key, {
        model: 'luna',
        stream: false,
        messages: [
          system,
          ask('Hi'),
          answer('Hello there!'),
          { role: 'system', content: '[Pause your roleplay. Summarize the most important facts so far.]' },
        ],
      });
      expect(summary.headers.get('x-hearth-turn')).toBe('quiet');
      expect((await summary.json()).choices[0].message.content).toBe('Hello there!');
      const marked = await harness.post(
        key,
        { model: 'luna', stream: false, messages: [system, ask('Write a title for this chat.')] },
        { 'x-hearth-quiet': 'true' },
      );
      expect(marked.headers.get('x-hearth-turn')).toBe('quiet');
      await marked.text();
      expect(await harness.messages(chatId)).toHaveLength(2);
      expect(await harness.balance()).toBe(before - 4);
      const memos = await harness.testApp.services.db.kysely
        .selectFrom('ledger_transactions')
        .select('memo')
        .where('memo', '=', 'Utility message')
        .execute();
      expect(memos.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('issue 13 item 3: in client mode every user message new to the chat is moderated, history included', async () => {
    harness = await startV1Harness(dialect);
    await harness.grant(50);
    const key = await harness.key({ promptMode: 'client' });
    const chatId = await chatIdOf(await harness.post(key, { model: 'luna', messages: [system, ask('Hi')] }));
    // The client slips a harmful line into the history it resends; the new last line is harmless.
    const response = await harness.post(key, {
      model: 'luna',
      stream: false,
      messages: [
        system,
        ask(`Earlier: ${HARMFUL}`),
        answer('Sure.'),
        ask('Hi'),
        answer('Hello there!'),
        ask('So?'),
      ],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.choices[0].finish_reason).toBe('content_filter');
    expect(harness.moderation.checked.at(-1)).toContain(HARMFUL);
    expect(harness.moderation.checked.at(-1)).toContain('So?');
    // The upstream never saw the request.
    expect(harness.upstream.requests).toHaveLength(1);
    expect((await harness.messages(chatId)).at(-1)).toMatchObject({
      content: 'Let us talk about something else.',
    });
  });

  it('a 402 reaches the client as insufficient_quota, streamed or not, as a real HTTP error with Hearth’s message', async () => {
    harness = await startV1Harness(dialect);
    const key = await harness.key({ promptMode: 'client' });
    for (const stream of [false, true]) {
      const response = await harness.post(key, { model: 'luna', stream, messages: [ask('Hi')] });
      expect(response.status).toBe(402);
      // SillyTavern shows a failed request's status text: it carries the message too.
      expect(response.statusText).toMatch(/credits/i);
      const { error } = await response.json();
      expect(error).toMatchObject({
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        hearth_code: 'insufficient_credits',
      });
      expect(error.message).toMatch(/credits/i);
    }
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('an upstream failure before the first token is an HTTP error; after it, an OpenAI-shaped error event', async () => {
    harness = await startV1Harness(dialect, { HEARTH_LLM_MAX_RETRIES: '0' });
    await harness.grant(50);
    const key = await harness.key({ promptMode: 'client' });
    harness.upstream.replies.push({ kind: 'error', status: 400, message: 'bad upstream request' });
    const early = await harness.post(key, { model: 'luna', stream: true, messages: [ask('Hi')] });
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect((await early.json()).error.message).toContain('bad upstream request');
    harness.upstream.replies.push({ kind: 'stream', deltas: ['Hel', 'lo', '!'], errorAfter: 1 });
    const late = await harness.post(key, { model: 'luna', stream: true, messages: [ask('Hi again')] });
    expect(late.status).toBe(200);
    const events = (await readSse(late)) as any[];
    expect(
      events.some(
        (event) => event?.error?.type === 'api_error' || event?.error?.type === 'invalid_request_error',
      ),
    ).toBe(true);
    expect(events.at(-1)).toBe('[DONE]');
  });
});
