import { BadRequest } from '../errors.js';

/** Deeper request bodies are refused before hashing (issue 13 item 10; the HTTP layer refuses them too). */
export const MAX_CANONICAL_DEPTH = 64;

type Frame = { kind: 'value'; value: unknown; depth: number } | { kind: 'text'; text: string };

/**
 * JSON text with object keys sorted, so two bodies that differ only in key order hash the same.
 * Iterative (an explicit stack, not recursion): a hostile 10,000-deep body must end in a 400, never
 * in a stack overflow (the 500 the audit found on `POST /api/offers/:id/purchase`).
 */
export function canonicalJson(root: unknown, maxDepth = MAX_CANONICAL_DEPTH): string {
  const out: string[] = [];
  const stack: Frame[] = [{ kind: 'value', value: root, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.kind === 'text') {
      out.push(frame.text);
      continue;
    }
    const { value, depth } = frame;
    if (value === null || typeof value !== 'object') {
      // Same scalars as JSON.stringify (undefined and functions in arrays become null).
      out.push(JSON.stringify(value) ?? 'null');
      continue;
    }
    if (depth >= maxDepth) {
      throw new BadRequest('json_too_deep', `The JSON body nests deeper than ${maxDepth} levels.`);
    }
    const children: Frame[] = [];
    if (Array.isArray(value)) {
      children.push({ kind: 'text', text: '[' });
      value.forEach((item, index) => {
        if (index > 0) children.push({ kind: 'text', text: ',' });
        children.push({ kind: 'value', value: item, depth: depth + 1 });
      });
      children.push({ kind: 'text', text: ']' });
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
        .sort();
      children.push({ kind: 'text', text: '{' });
      keys.forEach((key, index) => {
        children.push({ kind: 'text', text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
        children.push({ kind: 'value', value: record[key], depth: depth + 1 });
      });
      children.push({ kind: 'text', text: '}' });
    }
    // Pushed in reverse so they pop in document order.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]);
  }
  return out.join('');
}
