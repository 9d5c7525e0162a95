import { DEFAULT_MODEL } from './default-model.js';
import { terminalDownloadProgress } from './download-progress.js';
import type { ModelRegistry } from './model-router.js';

interface Log {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/**
 * First-run step of `serve`: fetches the default GGUF when it is needed and missing, with a progress
 * bar on the terminal. Runs in the background and never throws: chat answers `model_unavailable`
 * with instructions until the model is ready.
 */
export function prepareModelsInBackground(models: ModelRegistry, log: Log): void {
  const before = models.status().embedded;
  if (before?.preparation !== 'pending') return;
  console.log(
    `Downloading the default model ${DEFAULT_MODEL.name} (${(DEFAULT_MODEL.bytes / 1e9).toFixed(1)} GB, ${DEFAULT_MODEL.license}) to ${before.path}.\n` +
      'The web UI works meanwhile; to skip this, set HEARTH_MODEL=/path/to/model.gguf or HEARTH_LLM_BASE_URL=…',
  );
  const bar = terminalDownloadProgress('Model');
  void models
    .prepare({ onProgress: (progress) => bar.update(progress) })
    .finally(() => bar.stop())
    .then(() => {
      const after = models.status().embedded;
      if (after?.preparation === 'ready') log.info({ path: after.path }, 'default model ready');
      else {
        log.warn({ error: after?.error }, 'default model unavailable');
        console.log(
          `Could not download the default model: ${after?.error}\n` +
            'Chat stays unavailable until you set HEARTH_MODEL=/path/to/model.gguf or HEARTH_LLM_BASE_URL=… and restart.',
        );
      }
    });
}
