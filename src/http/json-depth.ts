import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../errors.js';

/**
 * Deepest JSON nesting a request body may have. Hearth's own bodies nest a handful of levels (a card's
 * extension data a few more); the limit exists because code that walks a parsed body recursively — a
 * hash, a schema, JSON.stringify — overflows the stack on a 10,000-deep one (issue 13 item 10).
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function jsonTooDeep(limit = MAX_JSON_DEPTH): BadRequest {
  return new BadRequest('json_too_deep', `The JSON body nests deeper than ${limit} levels.`);
}

/**
 * Counts nesting while the bytes stream in, before anything parses them, and fails the body as soon as
 * it goes past the limit. Brackets inside strings do not count; multi-byte UTF-8 never contains these
 * ASCII bytes, so a byte scan is exact.
 */
export class JsonDepthGuard extends Transform {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly limit = MAX_JSON_DEPTH) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        this.depth += 1;
        if (this.depth > this.limit) {
          callback(jsonTooDeep(this.limit));
          return;
        }
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) this.depth -= 1;
    }
    callback(null, chunk);
  }
}

/** Puts the depth guard in front of every JSON body the app parses (any `…json` content type). */
export function registerJsonDepthGuard(app: FastifyInstance, limit = MAX_JSON_DEPTH): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const type = request.headers['content-type'];
    if (typeof type !== 'string' || !/json/i.test(type)) return payload;
    const guard = new JsonDepthGuard(limit);
    payload.on('error', (error) => guard.destroy(error));
    return payload.pipe(guard);
  });
}
