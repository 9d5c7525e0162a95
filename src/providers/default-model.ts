import { DEFAULT_MODEL_FILE } from './config.js';

/**
 * The instruct model Hearth downloads on first start when neither HEARTH_MODEL nor
 * HEARTH_LLM_BASE_URL is set. Qwen2.5-1.5B-Instruct (Apache-2.0) at Q4_K_M: ~1.1 GB, runs at
 * conversational speed on a laptop CPU with a few GB of RAM. The URL is pinned to a repository
 * revision so the SHA-256 (the file's Git LFS oid) cannot drift.
 */
export const DEFAULT_MODEL = {
  name: 'Qwen2.5-1.5B-Instruct Q4_K_M',
  license: 'Apache-2.0',
  fileName: DEFAULT_MODEL_FILE,
  url: 'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/91cad51170dc346986eccefdc2dd33a9da36ead9/qwen2.5-1.5b-instruct-q4_k_m.gguf',
  sha256: '6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e',
  bytes: 1_117_320_736,
} as const;
