import { describe, expect, it } from 'vitest';
import { OpenAIStreamState, openAIErrorFromResponse, toOpenAIChatBody } from './openai-wire.js';

describe('OpenAI wire mappers', () => {
  it('keeps the upstream message from OpenAI, Ollama and vLLM error bodies, and survives HTML', () => {
    const headers = new Headers({ 'retry-after': '1' });
    const openai = openAIErrorFromResponse(
      429,
      JSON.stringify({
        error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
      }),
      headers,
    );
    expect(openai).toMatchObject({
      code: 'upstream_rate_limited',
      message: 'Rate limit reached',
      retryAfterMs: 1000,
    });
    expect(openai.upstreamType).toBe('requests');
    expect(
      openAIErrorFromResponse(404, '{"error":"model \\"llama9\\" not found"}', new Headers()),
    ).toMatchObject({
      code: 'upstream_not_found',
      message: 'model "llama9" not found',
      retryable: false,
    });
    expect(
      openAIErrorFromResponse(
        400,
        '{"object":"error","message":"max_tokens too large","type":"BadRequestError","code":400}',
        new Headers(),
      ),
    ).toMatchObject({ code: 'upstream_bad_request', message: 'max_tokens too large' });
    expect(openAIErrorFromResponse(502, '<html>Bad gateway</html>', new Headers())).toMatchObject({
      code: 'upstream_unavailable',
      message: '<html>Bad gateway</html>',
      retryable: true,
    });
  });

  it('maps JSON mode for hosts without json_schema, and omits what the request leaves unset', () => {
    const body = toOpenAIChatBody(
      { messages: [{ role: 'user', content: 'hi' }], jsonSchema: { name: 'x', schema: {} } },
      { model: 'm', maxTokensField: 'max_tokens', includeUsage: false, jsonMode: 'json_object' },
    );
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      response_format: { type: 'json_object' },
    });
  });

  it('reports content filtering and usage from the final chunks', () => {
    const state = new OpenAIStreamState();
    expect(state.accept('{"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]}')).toEqual([
      { type: 'text-delta', text: 'Hi' },
    ]);
    state.accept('{"choices":[{"delta":{},"finish_reason":"content_filter"}]}');
    state.accept('{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}');
    state.accept('[DONE]');
    expect(state.finish()).toEqual({
      type: 'finish',
      finishReason: 'content-filter',
      rawFinishReason: 'content_filter',
      usage: { inputTokens: 3, outputTokens: 1 },
    });
  });
});
