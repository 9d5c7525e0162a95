import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp';

let shared: Promise<Llama> | undefined;

/**
 * The one llama.cpp binding of the process, CPU-only from the prebuilt binary: `gpu: false` skips
 * CUDA/Vulkan/Metal probing (which fails noisily on servers without drivers) and `build: 'never'`
 * forbids compiling llama.cpp on a user's machine at first chat.
 */
export function loadCpuLlama(): Promise<Llama> {
  shared ??= getLlama({
    gpu: false,
    build: 'never',
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
  }).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
