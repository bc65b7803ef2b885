import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { createServices } from './compose.js';
import { createLogger } from './log.js';
import { startTelemetry } from './telemetry.js';
import { Retention } from './jobs/retention.js';
import { scheduleMigrations } from './features/core/migrations.js';
import { openStore } from './store/open.js';
import { localSecret } from './secrets.js';
import { dirname, join } from 'node:path';
import { buildApp } from './teams/app.js';
import { startServer } from './teams/server.js';

/** The process: config -> store -> app -> HTTP server, with graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  // Before the HTTP server exists, so that Application Insights sees its requests.
  const telemetry = startTelemetry(config.APPLICATIONINSIGHTS_CONNECTION_STRING);
  const log = createLogger(config.LOG_LEVEL, telemetry?.sink);
  const store = await openStore(config);
  // The key that keeps anonymous reviews anonymous: from Key Vault in Azure, a local file otherwise (never the store).
  const anonymityKey = config.ANONYMITY_KEY ?? localSecret(join(dirname(config.SQLITE_PATH), 'anonymity.key'));
  const services = createServices(store, systemClock, log, { ...config, ANONYMITY_KEY: anonymityKey });
  const headway = buildApp(services, config);
  const running = await startServer(headway, { port: config.PORT, ...(config.HOST ? { host: config.HOST } : {}), authOn: Boolean(config.BOT_ID), log });
  await new Retention(services.jobs, services.deliveries, systemClock, log).ensure();
  await headway.retention.ensure();
  await scheduleMigrations(services.jobs, services.people, systemClock, log, { coachingPlaces: headway.coaching.moveLegacyPlaces, anonymousReviews: headway.reviews.rekeyAnonymous });
  services.jobs.start();
  log.info({ url: running.url, store: store.kind }, 'Headway is listening');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing turns in flight');
    await running.close();
    await headway.liveCounts.idle();
    await services.jobs.stop();
    await store.close();
    log.info('stopped');
    await telemetry?.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Headway failed to start:', error);
  process.exit(1);
});
