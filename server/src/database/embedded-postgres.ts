import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Client } from 'pg';
import {
  existingCluster,
  PASSWORD,
  prepareCluster,
  removeClusterFiles,
  SUPERUSER,
} from './embedded-postgres-cluster';
import {
  type Cluster,
  recordedPort,
  runningCluster,
  socketFile,
  startCluster,
  stopCluster,
} from './embedded-postgres-process';

const logger = new Logger('EmbeddedPostgres');
/**
 * Every process using an embedded cluster holds this advisory lock in shared mode on a connection
 * of its own (its lease). The lock dies with the connection, so a killed process never counts; the
 * process that can take it exclusively is the last one out and stops the cluster.
 */
const LEASE_LOCK = 7_413_002;
const JOIN_TIMEOUT_MS = 90_000;
const RETRY_DELAY_MS = 200;
const RECOVERY_DELAY_MS = 1000;

export interface EmbeddedDatabase {
  /** Connection string of the server (database `postgres`). */
  readonly serverUrl: string;
  /** Whether this process started the server (it may have joined one already running). */
  readonly isOwner: boolean;
  /** The cluster's files (where the app role's password file lives). */
  readonly dataFolder: string;
  /** Leaves the server; the last process to leave stops it. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder under the data dir (default `pgdata`). */
  folder?: string;
  /** Extra `postgres` flags (`-c name=value` pairs). */
  flags?: string[];
  /** Delete the files when the last user leaves (throw-away clusters for tests). */
  isThrowAway?: boolean;
}

/** A port nobody listens on right now (or `preferred`, when it is free). */
export async function findFreePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (error: NodeJS.ErrnoException) =>
      preferred && error.code === 'EADDRINUSE' ? resolvePort(findFreePort()) : reject(error),
    );
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The server's URL: through its Unix socket when it listens on one (`?host=` names the folder),
 * else TCP on loopback. A cluster started by an older Plinth listens on TCP only.
 */
function urlFor(port: number, pgdata: string): string {
  const url = tcpUrl(port);
  return existsSync(socketFile(pgdata, port)) ? `${url}?host=${encodeURIComponent(pgdata)}` : url;
}

/** The server over TCP on loopback (the lease connection: it outlives nothing). */
function tcpUrl(port: number): string {
  return `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}

/** A connection holding the lease lock, or undefined when the server does not take one now. */
async function tryLease(port: number): Promise<Client | undefined> {
  const client = new Client({
    connectionString: tcpUrl(port),
    application_name: 'plinth-lease',
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    // Waits while a last process holds it exclusively to stop the server (then this fails).
    await client.query('SELECT pg_advisory_lock_shared($1)', [LEASE_LOCK]);
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
}

interface Joined {
  client: Client;
  port: number;
  isOwner: boolean;
}

/**
 * Joins the cluster when it runs (a server, a seed, or an orphan of a killed server, which is
 * adopted), else starts it. Races between processes end with one server and every process on it.
 */
async function joinOrStart(cluster: Cluster, flags: string[]): Promise<Joined> {
  const deadline = Date.now() + JOIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const running = runningCluster(cluster.pgdata);
    if (running) {
      const client = running.isReady ? await tryLease(running.port) : undefined;
      if (client) {
        return { client, port: running.port, isOwner: false };
      }
    } else {
      const port = await findFreePort(await recordedPort(cluster.pgdata));
      try {
        await startCluster(cluster, port, flags);
      } catch (error) {
        if (!runningCluster(cluster.pgdata)) {
          throw error;
        }
        continue; // another process started it meanwhile: join that one
      }
      const client = await tryLease(port);
      if (client) {
        logger.log(
          `Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${cluster.pgdata})`,
        );
        return { client, port, isOwner: true };
      }
    }
    await delay(RETRY_DELAY_MS);
  }
  throw new Error(
    `The embedded PostgreSQL in ${cluster.pgdata} runs but accepts no connections. If no PostgreSQL uses that folder, delete its postmaster.pid; or set DATABASE_URL.`,
  );
}

/** This process's use of one cluster: joins it, keeps it up while in use, leaves it. */
class Lease {
  private isLeaving = false;
  /** A recovery under way: leaving waits for it, so it never leaves a started server behind. */
  private recovering: Promise<void> | undefined;

  constructor(
    private readonly cluster: Cluster,
    private readonly flags: string[],
    private joined: Joined,
  ) {
    this.watch();
  }

  get port(): number {
    return this.joined.port;
  }

  private watch(): void {
    this.joined.client.once('end', () => {
      if (!this.isLeaving) {
        this.recovering = this.recover().finally(() => {
          this.recovering = undefined;
        });
      }
    });
  }

  /** The server went away under us (stopped or killed): start it again on the same port. */
  private async recover(): Promise<void> {
    const { pgdata } = this.cluster;
    logger.warn(`The embedded PostgreSQL in ${pgdata} went away; starting it again`);
    const lostPort = this.joined.port;
    // Whoever stopped it may be waiting for its postmaster.pid to go (`pg_ctl stop -w` looks
    // every 100 ms): a server started again at once writes a new one, and that wait never ends.
    await delay(RECOVERY_DELAY_MS);
    while (!this.isLeaving) {
      try {
        const joined = await joinOrStart(this.cluster, this.flags);
        // Kept even when leaving meanwhile: leave() goes on with this lease, and stops the
        // server this process started when it is the last one out.
        this.joined = joined;
        this.watch();
        if (this.isLeaving) {
          return;
        }
        if (joined.port === lostPort) {
          logger.log(`The embedded PostgreSQL in ${pgdata} is back`);
        } else {
          logger.error(
            `The embedded PostgreSQL in ${pgdata} is back on port ${joined.port}, not ${lostPort}: restart this process`,
          );
        }
        return;
      } catch (error) {
        logger.warn((error as Error).message);
        await delay(RECOVERY_DELAY_MS);
      }
    }
  }

  /** Stops the server only when no other process holds a lease on it. */
  async leave(): Promise<boolean> {
    this.isLeaving = true;
    await this.recovering;
    const { client } = this.joined;
    try {
      return await this.stopIfLast(client);
    } catch (error) {
      // The server is gone already (stopped or killed): nothing left to stop.
      if (!runningCluster(this.cluster.pgdata)) {
        return true;
      }
      // The lease's connection broke while a recovery brought the server back: decide again on
      // a fresh connection, so the last process out still stops it.
      const fresh = await tryLease(this.joined.port);
      if (!fresh) {
        throw error;
      }
      try {
        return await this.stopIfLast(fresh);
      } finally {
        await fresh.end().catch(() => undefined);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async stopIfLast(client: Client): Promise<boolean> {
    await client.query('SELECT pg_advisory_unlock_shared($1)', [LEASE_LOCK]);
    const { rows } = await client.query<{ is_last: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS is_last',
      [LEASE_LOCK],
    );
    if (!rows[0]?.is_last) {
      logger.log(`Leaving the embedded PostgreSQL running: another Plinth process uses it`);
      return false;
    }
    // Still holding the lock: a process joining now waits, then finds the server stopped.
    logger.log(`Stopping the embedded PostgreSQL: no other Plinth process uses it`);
    await stopCluster(this.cluster);
    return true;
  }
}

/**
 * Joins or starts the embedded PostgreSQL whose files live in `<dataDir>/<folder>`, created on
 * first use and reused across restarts. Every Plinth process on it (servers, a seed, tests) holds
 * a lease; the last one to stop stops it, and a process whose server went away starts it again.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const { folder = 'pgdata', flags = [], isThrowAway = false } = options;
  const cluster = await prepareCluster(dataDir, folder);
  const joined = await joinOrStart(cluster, flags);
  if (!joined.isOwner) {
    logger.log(
      `Using the embedded PostgreSQL already running on port ${joined.port} (${cluster.pgdata})`,
    );
  }
  const lease = new Lease(cluster, flags, joined);
  return {
    serverUrl: urlFor(lease.port, cluster.pgdata),
    isOwner: joined.isOwner,
    dataFolder: cluster.pgdata,
    stop: async () => {
      const isStopped = await lease.leave();
      if (isStopped && isThrowAway) {
        await removeClusterFiles(dataDir, folder, cluster.pgdata);
      }
    },
  };
}

/**
 * Stops (immediately) and deletes a throw-away cluster whose user was killed, e.g. a test run
 * interrupted before its teardown.
 */
export async function discardEmbeddedCluster(dataDir: string, folder: string): Promise<void> {
  const cluster = await existingCluster(dataDir, folder);
  if (!cluster) {
    return;
  }
  await stopCluster(cluster, 'immediate');
  await removeClusterFiles(dataDir, folder, cluster.pgdata);
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
