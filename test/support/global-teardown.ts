import {
  dropDatabase,
  dropTestDatabases,
  SERVER_URL_VARIABLE,
  TEMPLATE_VARIABLE,
} from './test-database';

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.plinthTestServer;
  globalThis.plinthTestServer = undefined;
  const serverUrl = process.env[SERVER_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (serverUrl && template) {
    await dropTestDatabases(serverUrl, template);
    await dropDatabase(serverUrl, template);
  }
  await server?.stop();
}
