import type { CardLimits } from './limits.js';
import { invalidCard } from './limits.js';

const utf8 = new TextDecoder('utf-8');

/** UTF-8 text with a leading BOM removed (RisuAI and Windows editors write one). */
export function decodeText(bytes: Uint8Array): string {
  const text = utf8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses untrusted JSON after checking its size and nesting depth with a flat scan, so a document
 * nested 10,000 deep is refused before any recursive code (ours or a library's) walks it.
 */
export function parseCardJson(text: string, limits: CardLimits, where: string): unknown {
  if (text.length > limits.maxJsonBytes) {
    throw invalidCard(`The ${where} is larger than ${limits.maxJsonBytes} bytes of JSON.`);
  }
  const depth = maxNesting(text, limits.maxJsonDepth);
  if (depth > limits.maxJsonDepth) {
    throw invalidCard(`The ${where} is nested deeper than ${limits.maxJsonDepth} levels.`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw invalidCard(`The ${where} is not valid JSON (${(error as Error).message}).`);
  }
}

/** Deepest `[`/`{` nesting outside strings; stops counting once `stopAbove` is passed. */
function maxNesting(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}
