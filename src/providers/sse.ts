/** One server-sent event: the `event:` name (when given) and its joined `data:` lines. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/**
 * Parses a `text/event-stream` body (WHATWG rules: `\n`, `\r\n` or `\r` line ends, multi-line data,
 * comments ignored). Yields each event as soon as its blank line arrives, so text streams as it comes.
 */
export async function* parseServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];
  const takeLine = (line: string): ServerSentEvent | undefined => {
    if (line === '') {
      if (data.length === 0) {
        event = undefined;
        return undefined;
      }
      const complete: ServerSentEvent = { data: data.join('\n') };
      if (event !== undefined) complete.event = event;
      event = undefined;
      data = [];
      return complete;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    return undefined;
  };
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let lineEnd = buffer.search(/\r\n|\r|\n/);
    while (lineEnd !== -1) {
      // A lone trailing `\r` may be the first half of `\r\n`: wait for the next bytes.
      if (buffer[lineEnd] === '\r' && lineEnd === buffer.length - 1) break;
      const line = buffer.slice(0, lineEnd);
      buffer = buffer.slice(lineEnd + (buffer.startsWith('\r\n', lineEnd) ? 2 : 1));
      const complete = takeLine(line);
      if (complete) yield complete;
      lineEnd = buffer.search(/\r\n|\r|\n/);
    }
  }
  buffer += decoder.decode();
  if (buffer !== '') {
    const complete = takeLine(buffer.replace(/\r$/, ''));
    if (complete) yield complete;
  }
  const last = takeLine('');
  if (last) yield last;
}
