import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { setFlagsFromString } from 'node:v8';
import 'reflect-metadata';
import { FirstRunService } from 'src/access/first-run.service';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { serveAdminUi } from 'src/common/http/admin-ui';
import { API_PREFIX } from 'src/common/http/api-paths';
import { closeGracefully } from 'src/common/http/graceful-shutdown';
import { createLogger, JsonLinesLogger } from 'src/common/logging/logging';
import { type AppConfig, loadAppConfig } from 'src/config/app-config';
import { connectDatabase } from 'src/database/database-connection';
import { RecordRecycleBinService } from 'src/records/record-recycle-bin.service';
import { WebhookWorker } from 'src/webhooks/webhook.worker';
import { createApp, initApp } from './app.setup';
import { runPrimary, tellPrimary } from './workers';

async function main(): Promise<void> {
  const config = loadAppConfig();
  // JSON lines from the first message on, also before the app (and its logger) exists.
  Logger.overrideLogger(new JsonLinesLogger(createLogger(config.logLevel)));
  if (config.workers > 1 && cluster.isPrimary) {
    await runPrimary(config.workers);
    return;
  }
  await serve(config);
}

/** One server process: the only one, or a worker of the primary (workers.ts). */
async function serve(config: AppConfig): Promise<void> {
  const logger = new Logger('Plinth');
  if (config.heapGrowingPercent > 0) {
    // V8 otherwise lets the heap grow to about four times what a full collection keeps: an
    // import's garbage took the process from 150 to 340 MB resident for ~60 MB of live objects.
    setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  }
  const database = await connectDatabase(config);
  const app = await createApp(database.dataSource, config);
  const hasAdminUi = await serveAdminUi(app);
  let stopping = false;
  // Order matters: stop accepting and drain requests (bounded), then close the pool, then the
  // embedded database; closing the pool first would fail the requests still in flight.
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.log(`${signal} received: draining requests in flight, then stopping`);
    void closeGracefully(app)
      .catch((error: unknown) => logger.error(`Stopping the app failed: ${String(error)}`))
      .then(() => database.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await initApp(app);
  // One process does the first run and the background work: the only one, or the lead worker
  // (started before the others). Not the tests' apps, which run it when they test it.
  const isLead = config.workerRole !== 'follower';
  if (isLead) {
    await announceFirstOwner(app.get(FirstRunService));
    app.get(RecordRecycleBinService).startRetentionPurge();
  }
  await app.listen(config.port, config.host);
  // Organizations the start did not sync (docs/architecture.md, "Many organizations"); the lead's
  // job, like the others in the background.
  if (isLead) {
    void app.get(SystemDefinitionsBootstrap).upgradeInBackground();
  }
  if (isLead && config.webhooks.isWorkerEnabled) {
    app.get(WebhookWorker).start();
  }
  if (isLead) {
    const base = `http://localhost:${config.port}`;
    logger.log(`API:      ${base}/${API_PREFIX}  (try ${base}/${API_PREFIX}/objects/deal)`);
    logger.log(hasAdminUi ? `Admin UI: ${base}/` : 'Admin UI: not built (npm run build)');
  }
  if (config.workerRole !== 'single') {
    tellPrimary('listening');
  }
}

/**
 * The first run creates the default organization's owner; a generated password is printed once,
 * straight to the console and never to the log (README, "Users, roles and API keys").
 */
async function announceFirstOwner(firstRun: FirstRunService): Promise<void> {
  const owner = await firstRun.ensureFirstOwner();
  if (owner?.generatedPassword === undefined) {
    return;
  }
  process.stdout.write(
    [
      '',
      '  First run: the default organization has an owner.',
      `    email:    ${owner.email}`,
      `    password: ${owner.generatedPassword}`,
      '  This password is shown once; sign in and change it (or set PLINTH_ADMIN_EMAIL and',
      '  PLINTH_ADMIN_PASSWORD before the first start).',
      '',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  new Logger('Plinth').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
