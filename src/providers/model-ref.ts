/** A parsed model reference (config values and characters' model overrides). */
export type ModelRef =
  | { kind: 'embedded' }
  | { kind: 'gguf'; path: string }
  | { kind: 'openai'; model: string }
  | { kind: 'anthropic'; model: string };

/**
 * `embedded` (or `default`) → the embedded GGUF; `gguf:/path/model.gguf` → another local GGUF;
 * `openai:<model>` → that model on the HEARTH_LLM_BASE_URL server; `anthropic:<model>` → Claude.
 * Returns undefined for anything else.
 */
export function parseModelRef(ref: string): ModelRef | undefined {
  const trimmed = ref.trim();
  if (trimmed === 'embedded' || trimmed === 'default') return { kind: 'embedded' };
  const colon = trimmed.indexOf(':');
  if (colon === -1) return undefined;
  const scheme = trimmed.slice(0, colon);
  const rest = trimmed.slice(colon + 1).trim();
  if (rest === '') return undefined;
  if (scheme === 'gguf' && rest.toLowerCase().endsWith('.gguf')) return { kind: 'gguf', path: rest };
  if (scheme === 'openai') return { kind: 'openai', model: rest };
  if (scheme === 'anthropic') return { kind: 'anthropic', model: rest };
  return undefined;
}

export function formatModelRef(ref: ModelRef): string {
  return ref.kind === 'embedded'
    ? 'embedded'
    : ref.kind === 'gguf'
      ? `gguf:${ref.path}`
      : `${ref.kind}:${ref.model}`;
}
