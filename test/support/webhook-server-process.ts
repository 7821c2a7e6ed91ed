import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { createApp, initApp } from 'src/app.setup';
import { loadAppConfig, type WebhookSettings } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { WebhookWorker } from 'src/webhooks/webhook.worker';

/**
 * A stand-in for one Plinth server process with its webhook worker (tests kill it for real):
 * `node -r swc-register.js webhook-server-process.ts <database url> <settings json>`; prints
 * `READY` once the worker runs.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const [url, settings] = process.argv.slice(2);
  const dataSource = createDataSource(url ?? '', 5);
  await dataSource.initialize();
  const app = await createApp(dataSource, { ...loadAppConfig(), logLevel: 'error' });
  await initApp(app);
  app.get(WebhookWorker).start(JSON.parse(settings ?? '{}') as Partial<WebhookSettings>);
  process.stdout.write('READY\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
