import { describe, expect, it } from 'vitest';
import { parseServerSentEvents, type ServerSentEvent } from './sse.js';

async function parse(pieces: string[]): Promise<ServerSentEvent[]> {
  async function* body() {
    for (const piece of pieces) yield new TextEncoder().encode(piece);
  }
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(body())) events.push(event);
  return events;
}

describe('parseServerSentEvents', () => {
  it('reassembles events split across network chunks, including a split CRLF and UTF-8 character', async () => {
    const bytes = 'event: delta\r\ndata: {"t":"é"}\r\n\r\ndata: [DONE]\r\n\r\n';
    const encoded = new TextEncoder().encode(bytes);
    async function* body() {
      for (const byte of encoded) yield new Uint8Array([byte]);
    }
    const events: ServerSentEvent[] = [];
    for await (const event of parseServerSentEvents(body())) events.push(event);
    expect(events).toEqual([{ event: 'delta', data: '{"t":"é"}' }, { data: '[DONE]' }]);
  });

  it('joins multi-line data, ignores comments and unknown fields, keeps a final unterminated event', async () => {
    expect(await parse([': keep-alive\n', 'id: 1\ndata: a\ndata: b\n\n', 'retry: 5\n', 'data:c'])).toEqual([
      { data: 'a\nb' },
      { data: 'c' },
    ]);
  });
});
