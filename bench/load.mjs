// Load generators with one shape of result, so our HTTP API and raw `pg` are measured alike:
// `connections` concurrent callers, each sending its next request when the last one answered,
// for a fixed duration or a fixed number of requests; every latency is kept, so p95 is exact.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiHeaders, percentile } from './support.mjs';

const REQUEST_TIMEOUT_SECONDS = 300;

/** Latency percentiles (ms) and throughput of one run. */
export function summarize(latencies, elapsedMs) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: sorted.length,
    seconds: elapsedMs / 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    rps: sorted.length / (elapsedMs / 1000),
  };
}

/**
 * Our side: autocannon on loopback. `next()` gives each request `{ method, path, body? }`.
 * Any answer but the expected status fails the run: a fast error is not a fast answer.
 */
export async function loadHttp({ base, next, connections, seconds, amount, expectStatus = 200 }) {
  const latencies = [];
  const unexpected = new Map();
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: base,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    timeout: REQUEST_TIMEOUT_SECONDS,
    headers: apiHeaders({ 'content-type': 'application/json' }),
    requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === expectStatus) {
      latencies.push(ms);
    } else {
      unexpected.set(status, (unexpected.get(status) ?? 0) + 1);
    }
  });
  const result = await instance;
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (unexpected.size > 0 || result.errors > 0) {
    const statuses = [...unexpected].map(([status, count]) => `${count}× ${status}`).join(', ');
    throw new Error(
      `unexpected answers (${statuses || 'none'}; ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
  }
  return summarize(latencies, elapsedMs);
}

/** The raw side: `connections` async callers of `work(i)` sharing one pg Pool. */
export async function loadPool({ connections, seconds, amount, work }) {
  const latencies = [];
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round((seconds ?? 0) * 1e9));
  let issued = 0;
  const hasMore = () => (amount ? issued < amount : process.hrtime.bigint() < deadline);
  const caller = async () => {
    while (hasMore()) {
      const i = issued++;
      const start = process.hrtime.bigint();
      await work(i);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: connections }, caller));
  return summarize(latencies, Number(process.hrtime.bigint() - started) / 1e6);
}

/** A process and its descendants (the workers of `PLINTH_WORKERS`), from /proc. */
export function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8');
      pids.push(...children.split(' ').filter(Boolean).map(Number));
    } catch {
      // gone, or no /proc
    }
  }
  return pids;
}

/**
 * Memory of a process and each of its workers, from /proc, in MB: resident now (VmRSS) and its
 * high-water mark (VmHWM); empty where /proc is missing.
 */
export function processMemoryMb(pid) {
  return processTree(pid).flatMap((one) => {
    try {
      const status = readFileSync(`/proc/${one}/status`, 'utf8');
      const mb = (name) =>
        Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1]) / 1024;
      const rss = mb('VmRSS');
      return Number.isNaN(rss) ? [] : [{ rss, peak: mb('VmHWM') }];
    } catch {
      return []; // gone
    }
  });
}

/** Summed over the processes and the largest one's, or undefined where /proc is missing. */
function rssOf(processes) {
  return processes.length === 0
    ? undefined
    : {
        sum: processes.reduce((total, one) => total + one.rss, 0),
        largest: Math.max(...processes.map((one) => one.rss)),
      };
}

/**
 * Resident memory of a process and its workers (VmRSS from /proc, summed), in MB; undefined where
 * /proc is missing.
 */
export function rssMb(pid) {
  return rssOf(processMemoryMb(pid))?.sum;
}

/**
 * CPU seconds (user + system) a process and its workers used so far, from /proc; 0 without it.
 * The root's children that exited count too (PostgreSQL's backends of closed connections, once
 * the postmaster reaped them).
 */
export function cpuSeconds(pid) {
  let ticks = 0;
  for (const one of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
      if (one === pid) {
        ticks += Number(fields[13] ?? 0) + Number(fields[14] ?? 0);
      }
    } catch {
      // gone
    }
  }
  return ticks / 100;
}

/**
 * CPU seconds the bench's embedded PostgreSQL (postmaster and backends) used so far; 0 with
 * DATABASE_URL (another machine's, or not ours to read).
 */
export function databaseCpuSeconds(database) {
  if (!database.dataFolder) {
    return 0;
  }
  try {
    const pid = Number(
      readFileSync(join(database.dataFolder, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` while `work` runs; returns its result and the peak. */
export async function withRssSampling(pid, work, everyMs = 100) {
  let peak = 0;
  let largest = 0;
  const sample = () => {
    const now = rssOf(processMemoryMb(pid));
    peak = Math.max(peak, now?.sum ?? 0);
    largest = Math.max(largest, now?.largest ?? 0);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  try {
    const result = await work();
    sample();
    return { result, peakRssMb: peak, largestProcessRssMb: largest };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Samples what the server's connections (application_name 'plinth') are running, every `everyMs`
 * while `work` runs: the statements that hold the database, with their share of the samples.
 */
export async function withActivitySampling(client, work, everyMs = 50) {
  const seen = new Map();
  let samples = 0;
  let isDone = false;
  const poll = async () => {
    while (!isDone) {
      const { rows } = await client.query(
        `SELECT query FROM pg_stat_activity WHERE application_name = 'plinth' AND state = 'active'`,
      );
      samples++;
      for (const { query } of rows) {
        const text = query.replace(/\s+/g, ' ').trim().slice(0, 300);
        seen.set(text, (seen.get(text) ?? 0) + 1);
      }
      await new Promise((wait) => setTimeout(wait, everyMs));
    }
  };
  const polling = poll();
  try {
    const result = await work();
    return { result, activity: { samples, statements: topStatements(seen, samples) } };
  } finally {
    isDone = true;
    await polling;
  }
}

function topStatements(seen, samples) {
  return [...seen]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([sql, count]) => ({ averageActive: count / Math.max(samples, 1), sql }));
}
