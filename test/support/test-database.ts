import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Client } from 'pg';
import { loadAppConfig, testDatabaseUrl } from 'src/config/app-config';
import { discardEmbeddedCluster, startEmbeddedPostgres } from 'src/database/embedded-postgres';

/** Set by the global set-up for the workers: the server the test databases live on. */
export const SERVER_URL_VARIABLE = 'PLINTH_TEST_SERVER_URL';
/** Set by the global set-up: this run's template database (runs may share a server). */
export const TEMPLATE_VARIABLE = 'PLINTH_TEST_TEMPLATE';
/**
 * Set by the global set-up on the embedded server: the same server as the app role (plinth_app,
 * no superuser), which owns the template's tables. Test apps connect with it, as `npm start` does.
 */
export const APP_SERVER_URL_VARIABLE = 'PLINTH_TEST_APP_SERVER_URL';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** TEST_DATABASE_URL's server, else the embedded PostgreSQL in `.plinth/test-pgdata`. */
export async function startTestServer(): Promise<{
  serverUrl: string;
  /** The embedded cluster's files (undefined on TEST_DATABASE_URL's server). */
  dataFolder?: string;
  stop: () => Promise<void>;
}> {
  const external = testDatabaseUrl();
  if (external) {
    return { serverUrl: databaseUrl(external, 'postgres'), stop: () => Promise.resolve() };
  }
  await removeAbandonedClusters(loadAppConfig().dataDir);
  // One throw-away cluster per run (parallel runs never share one); durability traded for speed.
  const server = await startEmbeddedPostgres(loadAppConfig().dataDir, {
    folder: `test-pgdata-${process.pid}`,
    isThrowAway: true,
    flags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  return {
    serverUrl: server.serverUrl,
    dataFolder: server.dataFolder,
    stop: () => server.stop(),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(
  serverUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const quoted = client.escapeIdentifier(name);
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    const from = template
      ? ` TEMPLATE ${client.escapeIdentifier(template)}${await copyStrategy(client)}`
      : '';
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quoted}${from}`);
        return;
      } catch (error) {
        // 55006: the template is briefly in use by a concurrent CREATE DATABASE.
        if ((error as { code?: string }).code !== '55006' || attempt > 50) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
}

/**
 * FILE_COPY copies the template's files in one go; the default (WAL_LOG, PostgreSQL 15+) writes
 * every page of the copy through the WAL, several times slower for a small template. FILE_COPY's
 * cost, a checkpoint, is cheap on the test cluster (fsync off). Servers before 15 know only the
 * file copy and no STRATEGY option.
 */
async function copyStrategy(client: Client): Promise<string> {
  const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  return Number(rows[0]?.server_version_num) >= 150000 ? ' STRATEGY = FILE_COPY' : '';
}

/** A test app's database: named after the run's template, so the run's teardown finds it. */
export function testDatabaseName(template: string): string {
  return `${template}_w${process.env.JEST_WORKER_ID ?? '0'}_${randomUUID().slice(0, 8)}`;
}

/** Drops the run's test databases still there (apps shared by a worker are never closed). */
export async function dropTestDatabases(serverUrl: string, template: string): Promise<void> {
  const rows = await withClient(serverUrl, (client) =>
    client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [`${template}_w`],
    ),
  );
  for (const { datname } of rows.rows) {
    await dropDatabase(serverUrl, datname);
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

/**
 * Clusters of runs that were killed (their Jest process is gone) are stopped and deleted before a
 * new run.
 */
async function removeAbandonedClusters(dataDir: string): Promise<void> {
  if (!existsSync(dataDir)) {
    return;
  }
  for (const folder of readdirSync(dataDir)) {
    const owner = /^test-pgdata-(\d+)$/.exec(folder)?.[1];
    if (owner && !isAlive(Number(owner))) {
      await discardEmbeddedCluster(dataDir, folder);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
