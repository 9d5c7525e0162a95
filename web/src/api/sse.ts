/**
 * Reads a `text/event-stream` response body (from fetch, so it can carry cookies, a JSON body and an
 * AbortSignal — EventSource can do none of those). Yields each event's `data` parsed as JSON.
 * Events may arrive split across chunks or several per chunk; comments and other fields are ignored.
 */
export async function* readSseJson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const boundary = /\r?\n\r?\n/.exec(buffer);
        if (!boundary) break;
        const block = buffer.slice(0, boundary.index);
        buffer = buffer.slice(boundary.index + boundary[0].length);
        const data = dataOf(block);
        if (data !== null) yield JSON.parse(data);
      }
    }
    const data = dataOf(buffer + decoder.decode());
    if (data !== null) yield JSON.parse(data);
  } finally {
    reader.releaseLock();
  }
}

/** The joined `data:` lines of one event block, or null when it has none (e.g. a keep-alive comment). */
function dataOf(block: string): string | null {
  const lines = block
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
  return lines.length > 0 ? lines.join('\n') : null;
}
