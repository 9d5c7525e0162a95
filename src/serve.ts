import type { Config } from './config.js';
import { buildApp } from './app.js';
import { createServices, openAndMigrate } from './create-services.js';
import { ensureStarterCharacters, refreshCatalogCounters } from './characters/index.js';
import { prepareModelsInBackground } from './providers/index.js';
import { startBillingSweeper } from './billing/index.js';
import { describeStages } from './wire-chat.js';

/** `hearth serve`: first-run steps, migrate, listen, and shut down cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  const db = await openAndMigrate(config);
  const services = await createServices(config, db);
  // First-run content: official starter characters, created once (idempotent by slug).
  await ensureStarterCharacters(db.kysely, services.clock);
  // Explore's popular/trending counters decay with time, not only when someone starts a chat.
  const counters = setInterval(
    () => void refreshCatalogCounters(db.kysely, services.clock).catch(() => {}),
    3_600_000,
  );
  counters.unref();
  // Holds stranded by a crash are released at once, then every minute.
  const stopSweeper = startBillingSweeper(services.billing, {
    onError: (error) => app.log.error({ err: error }, 'billing sweep failed'),
  });
  const app = await buildApp(services);
  app.log.info(describeStages(services.chat), 'turn pipeline stages');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests finish, then release the database.
    await app.close();
    stopSweeper();
    await services.memory.settled();
    services.memory.stop();
    await services.models.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${(app.server.address() as { port: number }).port}`;
  console.log(`Hearth is running at ${url} (database: ${db.dialect}, data: ${config.dataDir})`);
  // After listen: the web UI works while the default model downloads (or fails to, offline).
  prepareModelsInBackground(services.models, app.log);
  // First run builds the local word-vector file for memory (≈20 s, once); do it now, not on a chat turn.
  void services.memory.embedder
    .embed(['warm up'])
    .catch((error) => app.log.warn({ err: error }, 'memory embedder could not be prepared'));
}
