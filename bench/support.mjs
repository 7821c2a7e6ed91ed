// Shared plumbing of the benchmarks: a throw-away-free embedded PostgreSQL kept in
// .plinth/bench-pgdata (so a million seeded records survive between runs), the real server
// started as a child process, timing helpers and a table printer.
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
require(resolve(root, 'node_modules/@nestjs/common')).Logger.overrideLogger(['error', 'warn']);
const { startEmbeddedPostgres, ensureDatabase, findFreePort } = require(
  resolve(root, 'server/dist/src/database/embedded-postgres.js'),
);

/** `--name value` for every key of `defaults` (numbers parsed); a boolean default is a flag. */
export function parseArgs(defaults) {
  const options = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const key = args[i].replace(/^--/, '');
    if (!(key in options)) {
      continue;
    }
    if (typeof defaults[key] === 'boolean') {
      options[key] = true;
    } else {
      options[key] = typeof defaults[key] === 'number' ? Number(args[++i]) : args[++i];
    }
  }
  return options;
}

/** DATABASE_URL when set (its server), else the bench's own embedded PostgreSQL. */
export async function startDatabase({ folder = 'bench-pgdata' } = {}) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(resolve(root, '.plinth'), {
    folder,
    flags: [
      ['shared_buffers', '512MB'],
      ['work_mem', '64MB'],
      ['maintenance_work_mem', '512MB'],
      ['max_wal_size', '4GB'],
      // BENCH_PG_FLAGS: more settings, e.g. `shared_preload_libraries=pg_stat_statements`.
      ...(process.env.BENCH_PG_FLAGS ?? '')
        .split(' ')
        .filter(Boolean)
        .map((setting) => setting.split('=')),
    ].flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  });
  const url = await ensureDatabase(server.serverUrl, 'plinth_bench');
  return { url, dataFolder: server.dataFolder, stop: () => server.stop() };
}

/** `Authorization` of the bench's API key, once startServer has one (issue 13: every call needs one). */
let authorization;

/** Headers of an API call: the bench's key, and `extra`. */
export function apiHeaders(extra = {}) {
  return authorization ? { authorization, ...extra } : { ...extra };
}

/**
 * An admin API key of the database's first organization, from `npm run api-key` (its last line),
 * with the server's environment: it works while the server runs. The key is never printed.
 */
async function createApiKey(env) {
  const stdout = await new Promise((resolveKey, reject) =>
    execFile(
      'npm',
      ['run', '--silent', 'api-key', '--', '--role', 'admin', '--name', 'bench'],
      { cwd: root, env },
      (error, out) =>
        error ? reject(new Error(`npm run api-key failed: ${error.message}`)) : resolveKey(out),
    ),
  );
  const key = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (!/^plk_[A-Za-z0-9_-]+$/.test(key)) {
    throw new Error('npm run api-key did not print a key on its last line');
  }
  return key;
}

/**
 * The real server, as `npm start` runs it, on a free port. It answers /api/health only after its
 * migrations ran, which on a million records can take minutes: hence the long wait.
 */
export async function startServer(
  databaseUrl,
  { startupSeconds = 900, withApiKey = true, env: extraEnv = {}, workers } = {},
) {
  const port = await findFreePort();
  // BENCH_SERVER_NODE_FLAGS: Node flags for the server alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`.
  // BENCH_SERVER_DIST: another build of the server (A/B runs), e.g. `server/dist-before` (a copy of `server/dist`).
  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // 10 connections reach ~2,000 requests a second from one address, far beyond the default
    // per-caller limit; an operator running a load test raises it the same way.
    PLINTH_RATE_LIMIT_PER_MINUTE: process.env.PLINTH_RATE_LIMIT_PER_MINUTE ?? '10000000',
    ...extraEnv,
    ...(workers ? { PLINTH_WORKERS: String(workers) } : {}),
  };
  // BENCH_SERVER_MAIN: another build's main.js, or BENCH_SERVER_DIST: another build's dist folder
  // (e.g. a copy of the previous one's) to compare.
  const main =
    process.env.BENCH_SERVER_MAIN ??
    resolve(root, process.env.BENCH_SERVER_DIST ?? 'server/dist', 'src/main.js');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeFlags, main], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exitCode;
  child.once('exit', (code) => {
    exitCode = code ?? 'signal';
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    exitCode !== undefined
      ? Promise.resolve()
      : new Promise((done) => {
          child.once('exit', done);
          child.kill('SIGTERM');
        });
  const deadline = Date.now() + startupSeconds * 1000;
  let firstAnswerMs;
  while (Date.now() < deadline && exitCode === undefined) {
    try {
      const health = await fetch(`${base}/api/health`);
      const workers = health.ok ? (await health.json()).workers : undefined;
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      // The first answer: the lead worker serves requests from then on.
      firstAnswerMs ??= health.ok ? elapsedMs : undefined;
      // With PLINTH_WORKERS, once every worker listens (the lead answers first).
      if (health.ok && (workers === undefined || workers.listening >= workers.expected)) {
        if (withApiKey) {
          // After the first start, which created the organization and its owner.
          authorization = `Bearer ${await createApiKey(env)}`;
        }
        return { base, pid: child.pid, stop, startupMs: elapsedMs, firstAnswerMs };
      }
    } catch {
      // not listening yet (migrations still running)
    }
    await new Promise((wait) => setTimeout(wait, 50));
  }
  child.kill('SIGKILL');
  throw new Error(
    exitCode === undefined ? 'the server did not start' : `the server exited (${exitCode})`,
  );
}

export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function timed(work) {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile of an ascending array (`p` in 0–100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) {
    return NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
}

export function printTable(title, rows) {
  const headers = Object.keys(rows[0]);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  process.stdout.write(`\n${title}\n${line(headers)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) {
    process.stdout.write(`${line(headers.map((h) => row[h]))}\n`);
  }
}

/** The same rows as a Markdown table (for bench/README.md). */
export function markdownTable(rows) {
  const headers = Object.keys(rows[0]);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(headers),
    line(headers.map(() => '---')),
    ...rows.map((row) => line(headers.map((h) => row[h]))),
  ].join('\n');
}

export function log(message) {
  process.stdout.write(`${message}\n`);
}
