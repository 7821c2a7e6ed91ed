import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { createApp, initApp } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { appRolePassword, prepareAppRole } from 'src/database/app-role';
import { createDataSource } from 'src/database/data-source';
import { migrate } from 'src/database/database-connection';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import {
  APP_SERVER_URL_VARIABLE,
  databaseUrl,
  recreateDatabase,
  SERVER_URL_VARIABLE,
  startTestServer,
  TEMPLATE_VARIABLE,
} from './test-database';

declare global {
  var plinthTestServer: { stop: () => Promise<void> } | undefined;
}

/**
 * Once per run: the database server, and a template database migrated and holding the default
 * organization with its system objects. Every test file copies it (docs/architecture.md).
 */
export default async function globalSetup(): Promise<void> {
  if (globalThis.plinthTestServer) {
    return;
  }
  Logger.overrideLogger(['error', 'warn']);
  const server = await startTestServer();
  globalThis.plinthTestServer = server;
  const template = `plinth_test_template_${process.pid}`;
  process.env[SERVER_URL_VARIABLE] = server.serverUrl;
  process.env[TEMPLATE_VARIABLE] = template;
  await recreateDatabase(server.serverUrl, template);
  const templateUrl = databaseUrl(server.serverUrl, template);
  const dataSource = createDataSource(templateUrl, 2);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    const app = await createApp(dataSource, { ...loadAppConfig(), logLevel: 'error' });
    await initApp(app);
    // The system objects' indexes are part of the template every test database copies.
    await app.get(PropertyIndexesService).sync();
    await app.close();
  } finally {
    await dataSource.destroy();
  }
  // On the embedded server, as after npm start: the app role owns the tables every copy gets.
  if (server.dataFolder) {
    const appUrl = await prepareAppRole(templateUrl, await appRolePassword(server.dataFolder));
    process.env[APP_SERVER_URL_VARIABLE] = databaseUrl(appUrl, 'postgres');
  }
}
