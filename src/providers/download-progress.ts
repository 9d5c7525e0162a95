import cliProgress from 'cli-progress';
import type { DownloadProgress } from './download.js';

const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(0);

/**
 * A terminal progress bar for the first-run model download. Without a TTY (logs, containers) it
 * prints one line per 10% instead of redrawing.
 */
export function terminalDownloadProgress(
  label: string,
  output: NodeJS.WriteStream = process.stdout,
): { update(progress: DownloadProgress): void; stop(): void } {
  if (!output.isTTY) {
    let lastDecile = -1;
    return {
      update(progress) {
        if (!progress.totalBytes) return;
        const decile = Math.floor((progress.receivedBytes / progress.totalBytes) * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        output.write(`${label}: ${decile * 10}% (${megabytes(progress.receivedBytes)} MB)\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: output,
      format: `${label} [{bar}] {percentage}% | {received}/{total} MB | ETA {eta_formatted}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const total = progress.totalBytes ?? progress.receivedBytes;
      const payload = { received: megabytes(progress.receivedBytes), total: megabytes(total) };
      if (!started) {
        started = true;
        bar.start(total, progress.receivedBytes, payload);
      } else {
        bar.setTotal(total);
        bar.update(progress.receivedBytes, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
