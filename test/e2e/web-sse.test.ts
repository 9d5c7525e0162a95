import { describe, expect, it } from 'vitest';
import { readSseJson } from '../../web/src/api/sse.js';

/** The browser's SSE reader, run in Node (same ReadableStream and TextDecoder APIs). */
function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect(chunks: (string | Uint8Array)[]): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of readSseJson(streamOf(chunks))) events.push(event);
  return events;
}

describe('readSseJson', () => {
  it('reads several events from one chunk', async () => {
    const events = await collect(['data: {"a":1}\n\ndata: {"b":2}\n\n']);
    expect(events).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('joins an event split across chunks, even inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('data: {"text":"héllo 🔥"}\n\n');
    const cut = bytes.indexOf(0xf0) + 2;
    const events = await collect([bytes.slice(0, 5), bytes.slice(5, cut), bytes.slice(cut)]);
    expect(events).toEqual([{ text: 'héllo 🔥' }]);
  });

  it('ignores comments and other fields, accepts CRLF and a last event without a blank line', async () => {
    const events = await collect([
      ': keep-alive\r\n\r\nevent: x\r\nid: 7\r\ndata: {"c":3}\r\n\r\n',
      'data: {"d":4}',
    ]);
    expect(events).toEqual([{ c: 3 }, { d: 4 }]);
  });

  it('joins multi-line data with newlines', async () => {
    const events = await collect(['data: {"e":\ndata: 5}\n\n']);
    expect(events).toEqual([{ e: 5 }]);
  });
});
