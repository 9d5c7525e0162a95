import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The 1.7 MB random-weights Llama GGUF shared by every checkout (see ../shared/models/README.md). */
export const TINY_MODEL = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/models/llama-2-tiny-random.gguf',
);
