import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

const START_TIMEOUT_SECONDS = 60;

/** The account PostgreSQL runs as when Plinth runs as root (PostgreSQL refuses to run as root). */
export interface Account {
  uid: number;
  gid: number;
}

/** One embedded cluster: where its files are and who runs it. */
export interface Cluster {
  /** The real data folder the postgres processes use (no symbolic link on the way). */
  readonly pgdata: string;
  /** Folder of `initdb`, `pg_ctl` and `postgres`. */
  readonly bin: string;
  /** Unset: run as the current user. */
  readonly account: Account | undefined;
}

/** A postmaster serving a data folder right now, from its `postmaster.pid`. */
export interface RunningCluster {
  pid: number;
  port: number;
  isReady: boolean;
}

export function run(file: string, args: string[], account: Account | undefined): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(file, args, {
      ...account,
      // The postgres account may not be able to enter the working directory.
      cwd: '/',
      // Its own session: Ctrl-C in the terminal of one server must not stop a shared database.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`${basename(file)} failed: ${error.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolveRun(output)
        : reject(new Error(`${basename(file)} failed: ${output.trim() || `exit code ${code}`}`)),
    );
  });
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's (a regular user looking at root's cluster).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // After a reboot the pid may belong to another program; Linux names the process.
  const comm = `/proc/${pid}/comm`;
  return !existsSync(comm) || readFileSync(comm, 'utf8').startsWith('postgres');
}

/** The postmaster serving `pgdata`, if one runs (a stale `postmaster.pid` is not one). */
export function runningCluster(pgdata: string): RunningCluster | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) {
    return undefined;
  }
  if (!isPostgresProcess(pid)) {
    return undefined;
  }
  return { pid, port, isReady: lines[7]?.trim() === 'ready' };
}

function portFile(pgdata: string): string {
  return join(pgdata, 'plinth.port');
}

/** The port this cluster listened on last (every restart reuses it, so URLs stay valid). */
export async function recordedPort(pgdata: string): Promise<number | undefined> {
  const port = Number((await readFile(portFile(pgdata), 'utf8').catch(() => '')).trim());
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

function shellQuote(argument: string): string {
  return `'${argument.replaceAll("'", `'"'"'`)}'`;
}

function logFile(pgdata: string): string {
  return join(pgdata, 'postmaster.log');
}

async function logTail(pgdata: string): Promise<string> {
  const text = await readFile(logFile(pgdata), 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-8).join('\n');
}

/** Longest path of a Unix socket (`sun_path`, 108 bytes on Linux, with its terminating zero). */
const MAX_SOCKET_PATH = 107;

/** The socket file the cluster listens on in its own folder. */
export function socketFile(pgdata: string, port: number): string {
  return join(pgdata, `.s.PGSQL.${port}`);
}

/** Whether the socket file's path fits: a cluster in a deeply nested folder listens on TCP only. */
export function socketFits(pgdata: string, port: number): boolean {
  // The lock file beside the socket adds `.lock`.
  return Buffer.byteLength(`${socketFile(pgdata, port)}.lock`) <= MAX_SOCKET_PATH;
}

/**
 * Starts the postmaster detached from this process (`pg_ctl`), so it outlives the process that
 * started it while other Plinth processes still use it. Fails when another one runs meanwhile.
 */
export async function startCluster(cluster: Cluster, port: number, flags: string[]): Promise<void> {
  const options = [
    ...['-p', String(port)],
    ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    // A Unix socket in the cluster's own folder (Plinth's processes use it: a round trip costs
    // about half the CPU of one over TCP), none in a shared folder to clash or go stale; TCP on
    // loopback for every other client.
    ...['-c', `unix_socket_directories=${socketFits(cluster.pgdata, port) ? cluster.pgdata : ''}`],
    ...flags,
  ];
  try {
    await run(
      join(cluster.bin, 'pg_ctl'),
      [
        'start',
        ...['-D', cluster.pgdata, '-l', logFile(cluster.pgdata)],
        ...['-w', '-t', String(START_TIMEOUT_SECONDS), '-s'],
        ...['-o', options.map(shellQuote).join(' ')],
      ],
      cluster.account,
    );
  } catch (error) {
    const tail = await logTail(cluster.pgdata);
    throw new Error(
      `The embedded PostgreSQL in ${cluster.pgdata} did not start: ${(error as Error).message}${tail ? `\nIts log (${logFile(cluster.pgdata)}) ends with:\n${tail}` : ''}`,
      { cause: error },
    );
  }
  await writeFile(portFile(cluster.pgdata), `${port}\n`);
}

/** Stops the postmaster (open sessions are ended; committed work is kept). */
export async function stopCluster(
  cluster: Cluster,
  mode: 'fast' | 'immediate' = 'fast',
): Promise<void> {
  if (!runningCluster(cluster.pgdata)) {
    return;
  }
  await run(
    join(cluster.bin, 'pg_ctl'),
    ['stop', '-D', cluster.pgdata, '-m', mode, '-w', '-t', String(START_TIMEOUT_SECONDS), '-s'],
    cluster.account,
  );
}
