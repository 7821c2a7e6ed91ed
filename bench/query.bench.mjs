// The query engine at scale (issue 7): seeds N deals through the bulk path, then measures each
// scenario of query-scenarios.mjs through the HTTP API (autocannon, loopback) and as raw SQL on a
// pg Pool at the same concurrency; medians of `--runs` runs. Usage (see bench/README.md):
//   npm run bench -- --records 1000000 --connections 10 --seconds 5 --runs 3 [--warmup 3] [--fresh] [--explain]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { measureAutoIndex } from './auto-index.mjs';
import { SEARCH_WORDS } from './deals.mjs';
import {
  cpuSeconds,
  databaseCpuSeconds,
  loadHttp,
  loadPool,
  processTree,
  rssMb,
  withActivitySampling,
  withRssSampling,
} from './load.mjs';
import {
  dealScope,
  deleteMarked,
  dropRuntimeIndexes,
  MARKER,
  prepareData,
  recordIndexes,
  sampleIds,
} from './query-data.mjs';
import { format, judge, tableRow } from './query-report.mjs';
import { buildScenarios, detectDialect, searchEndpointScenarios } from './query-scenarios.mjs';
import {
  apiHeaders,
  log,
  markdownTable,
  median,
  parseArgs,
  printTable,
  startDatabase,
  startServer,
  timed,
  withClient,
} from './support.mjs';

const options = parseArgs({
  records: 1_000_000,
  runs: 3,
  connections: 10,
  seconds: 5,
  'heavy-requests': 40,
  // Seconds of load on each side before a time-based scenario's runs, not measured: without it
  // the first of the runs met cold caches on both sides (gets: 1,697 req/s, then 2,640 and 2,676).
  warmup: 3,
  'seed-parallel': 4,
  'bulk-requests': 20,
  only: '',
  pgdata: 'bench-pgdata',
  fresh: false,
  'rebuild-indexes': false,
  explain: false,
  // Server processes (PLINTH_WORKERS); 0: the server's own default, one per core.
  workers: 0,
});
const METRICS = ['p50', 'p95', 'p99', 'rps'];
const isAutoIndexRun = options.only === 'auto-index';
// The other scenarios measure the query engine before any index builds itself (their unindexed
// list would otherwise get its indexes mid-run); `--only auto-index` measures exactly that.
if (!isAutoIndexRun) {
  process.env.PLINTH_AUTO_INDEXES ??= 'off';
}

/** Whether POST /api/objects/deal/search exists yet (another change brings it), and its shape. */
async function probeSearchEndpoint(base) {
  const response = await fetch(`${base}/api/objects/deal/search`, {
    method: 'POST',
    headers: apiHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify({ query: SEARCH_WORDS[0] }),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text.slice(0, 200);
  }
  const keys = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
  return { status: response.status, isThere: response.ok, keys };
}

async function postSearch(base, body) {
  const response = await fetch(`${base}/api/objects/deal/search`, {
    method: 'POST',
    headers: apiHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  return response.json();
}

/**
 * A cursor of the search endpoint's default order (created_at, id; both descending) after the
 * record just before the deep offset, made from a real cursor with that record's key values, then
 * checked: the page after it must start at the deep offset's record.
 */
async function deepCursor(base, client, scope, deepOffset) {
  if (deepOffset < 1) {
    return undefined;
  }
  const after = (await postSearch(base, { limit: 1 })).paging?.next?.after;
  const decoded = after && JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  if (!Array.isArray(decoded?.k) || decoded.k.length !== 2) {
    log(`The search cursor is not (created_at, id) as expected (${after}): no cursor scenario`);
    return undefined;
  }
  const { rows } = await client.query(
    `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, id::text
       FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND archived_at IS NULL
      ORDER BY created_at DESC, id DESC OFFSET $3 LIMIT 2`,
    [scope.organizationId, scope.definitionId, deepOffset - 1],
  );
  const keys = [rows[0].at, rows[0].id];
  const cursor = Buffer.from(JSON.stringify({ ...decoded, k: keys })).toString('base64url');
  const page = await postSearch(base, { limit: 1, after: cursor });
  if (page.results?.[0]?.id !== rows[1]?.id) {
    log(`A cursor at ${deepOffset} did not lead to the expected record: no cursor scenario`);
    return undefined;
  }
  return { after: cursor, keys };
}

/** Every scenario in the order they run: reads (the search endpoint's too), then writes. */
function allScenarios(context, pool) {
  const scenarios = buildScenarios({ ...context, pool });
  const searches = context.searchEndpoint?.isThere
    ? searchEndpointScenarios({ ...context, pool })
    : [];
  const firstWrite = scenarios.findIndex((s) => s.isWrite);
  scenarios.splice(firstWrite, 0, ...searches);
  return scenarios.filter((s) => !options.only || options.only.split(',').includes(s.key));
}

/** One request of each side per connection: warms caches, checks answers, picks the load mode. */
async function warmUp(server, scenario, connections) {
  const answers = await Promise.all(
    Array.from({ length: connections }, async () => {
      const { method = 'GET', path, body } = scenario.ours();
      const started = performance.now();
      const response = await fetch(`${server.base}${path}`, {
        method,
        body,
        headers: apiHeaders({ 'content-type': 'application/json' }),
      });
      const text = await response.text();
      if (response.status !== (scenario.expectStatus ?? 200)) {
        throw new Error(
          `${scenario.key}: ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`,
        );
      }
      return { ms: performance.now() - started, range: response.headers.get('content-range') };
    }),
  );
  const raw = await Promise.all(
    Array.from({ length: connections }, async () => (await timed(() => scenario.raw())).ms),
  );
  const matches = answers[0].range?.split('/')[1];
  return { ms: Math.max(median(answers.map((a) => a.ms)), median(raw)), matches };
}

async function measure(server, pool, monitor, scenario) {
  const connections = scenario.connections ?? options.connections;
  const warm = await warmUp(server, scenario, connections);
  const isHeavy = warm.ms * 3 > options.seconds * 1000;
  const amount = scenario.isBulk
    ? options['bulk-requests']
    : isHeavy
      ? Math.max(options['heavy-requests'], connections * 2)
      : undefined;
  const load = { connections, ...(amount ? { amount } : { seconds: options.seconds }) };
  if (!amount && options.warmup > 0) {
    const warming = { connections, seconds: options.warmup };
    await loadHttp({
      base: server.base,
      next: scenario.ours,
      expectStatus: scenario.expectStatus,
      ...warming,
    });
    await loadPool({ ...warming, work: scenario.raw });
  }
  log(
    `${scenario.label}: ${amount ? `${amount} requests` : `${options.seconds} s`} × ${options.runs} runs each side, ${connections} connections`,
  );
  const ours = [];
  const raw = [];
  let peakRssMb = 0;
  let largestProcessRssMb = 0;
  let activity;
  for (let run = 0; run < options.runs; run++) {
    // The server's CPU per request (all its processes): what the HTTP layer and Plinth cost,
    // whatever else shares the machine's cores.
    const http = async () => {
      const cpuBefore = cpuSeconds(server.pid);
      const dbBefore = databaseCpuSeconds(database);
      const result = await loadHttp({
        base: server.base,
        next: scenario.ours,
        expectStatus: scenario.expectStatus,
        ...load,
      });
      const cpuMs = (cpuSeconds(server.pid) - cpuBefore) * 1000;
      const dbMs = (databaseCpuSeconds(database) - dbBefore) * 1000;
      return {
        ...result,
        serverCpuMs: cpuMs / Math.max(result.requests, 1),
        databaseCpuMs: dbMs / Math.max(result.requests, 1),
      };
    };
    // The first run also records what the server's connections spend their time on.
    const sampled = await withRssSampling(server.pid, () =>
      run === 0 ? withActivitySampling(monitor, http) : http().then((result) => ({ result })),
    );
    ours.push(sampled.result.result);
    activity ??= sampled.result.activity;
    peakRssMb = Math.max(peakRssMb, sampled.peakRssMb);
    largestProcessRssMb = Math.max(largestProcessRssMb, sampled.largestProcessRssMb);
    const dbBefore = databaseCpuSeconds(database);
    const rawResult = await loadPool({ ...load, work: scenario.raw });
    const rawDbMs = (databaseCpuSeconds(database) - dbBefore) * 1000;
    raw.push({ ...rawResult, databaseCpuMs: rawDbMs / Math.max(rawResult.requests ?? 0, 1) });
    const last = (side) =>
      `p50 ${format(side.at(-1).p50)} ms, ${Math.round(side.at(-1).rps)} req/s`;
    const db = (side) =>
      side.at(-1).databaseCpuMs > 0
        ? `, PostgreSQL CPU ${format(side.at(-1).databaseCpuMs)} ms`
        : '';
    log(
      `  run ${run + 1}: ours ${last(ours)} (server CPU ${format(ours.at(-1).serverCpuMs)} ms/request${db(ours)}); raw ${last(raw)}${db(raw).replace(', ', ' (') + (db(raw) ? '/request)' : '')}`,
    );
  }
  const medians = (runs) =>
    Object.fromEntries(METRICS.map((m) => [m, median(runs.map((r) => r[m]))]));
  return {
    key: scenario.key,
    label: scenario.label,
    load,
    matches: warm.matches,
    peakRssMb,
    largestProcessRssMb,
    ours: {
      runs: ours,
      median: {
        ...medians(ours),
        serverCpuMs: median(ours.map((r) => r.serverCpuMs)),
        databaseCpuMs: median(ours.map((r) => r.databaseCpuMs)),
      },
    },
    raw: {
      runs: raw,
      median: { ...medians(raw), databaseCpuMs: median(raw.map((r) => r.databaseCpuMs)) },
    },
    target: scenario.target,
    serverStatements: activity,
  };
}

async function explainAll(url, context) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const plans = {};
    const explaining = {
      // A scenario passes SQL and values, or a query config (a named prepared statement).
      query: async (query, values) => {
        const config = typeof query === 'string' ? { text: query, values } : query;
        const { rows } = await client.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${config.text}`,
          config.values,
        );
        return { rows: rows.map((row) => row['QUERY PLAN']) };
      },
    };
    for (const scenario of allScenarios(context, explaining)) {
      if (!scenario.isWrite) {
        const answer = await scenario.raw();
        plans[scenario.key] = (Array.isArray(answer) ? answer : [answer]).map((a) =>
          a.rows.join('\n'),
        );
      }
    }
    return plans;
  } finally {
    await client.end();
  }
}

/** `--only auto-index`: the time until an unflagged filter + sort gets its indexes (issue 18). */
async function runAutoIndex(server, client, scope, total) {
  log(
    `Repeating filter probability_gte + sort amount on one connection at ${total.toLocaleString('en')} deals…`,
  );
  const loadBefore = loadavg();
  const result = await measureAutoIndex({ base: server.base, client, scope });
  const seconds = (value) => (value === undefined ? 'never' : `${value.toFixed(1)} s`);
  const ms = (value) => (value === undefined ? '–' : `${format(value)} ms`);
  printTable(
    `Indexes that build themselves at ${total.toLocaleString('en')} deals, one connection`,
    [
      {
        recorded: seconds(result.recordedAfterSeconds),
        built: seconds(result.builtAfterSeconds),
        'p95 ≤ 50 ms from': seconds(result.targetReachedAfterSeconds),
        'p95 before': `${ms(result.p95BeforeMs)} (${result.requestsBefore} req)`,
        'p95 after': `${ms(result.p95AfterMs)} (${result.requestsAfter} req)`,
        'raw pg p95 after': ms(result.rawP95AfterMs),
        target: `${result.target}: ${result.isMet ? 'met' : 'NOT met'}`,
      },
    ],
  );
  log(
    `Load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const resultsDir = resolve(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = resolve(
    resultsDir,
    `auto-index-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), deals: total, loadAverage: { before: loadBefore, after: loadavg() }, result }, null, 2)}\n`,
  );
  log(`Results written to ${file}`);
}

const database = await startDatabase({ folder: options.pgdata });

if (options['rebuild-indexes']) {
  const dropped = await withClient(database.url, dropRuntimeIndexes);
  log(`--rebuild-indexes: dropped ${dropped} runtime indexes; the server builds them again`);
}
const started = await timed(() =>
  startServer(database.url, options.workers > 0 ? { workers: options.workers } : {}),
);
const server = started.result;
log(`Server up in ${(started.ms / 1000).toFixed(1)} s (pid ${server.pid}, ${server.base})`);
const pool = new pg.Pool({ connectionString: database.url, max: options.connections * 2 });
const admin = await pool.connect();
try {
  const scope = await dealScope(admin);
  const { seed, total } = await prepareData(admin, server, scope, options);
  const dialect = await detectDialect(admin);
  const context = {
    scope,
    dialect,
    ids: await sampleIds(admin, scope),
    deepOffset: Math.min(500_000, Math.floor(total / 2)),
    marker: MARKER,
    bulkParallel: options['seed-parallel'],
  };
  const searchEndpoint = await probeSearchEndpoint(server.base);
  context.searchEndpoint = searchEndpoint;
  if (searchEndpoint.isThere) {
    context.deepCursor = await deepCursor(server.base, admin, scope, context.deepOffset);
    log(`POST /api/objects/deal/search answers ${searchEndpoint.status}: measured too`);
  } else {
    log(`POST /api/objects/deal/search answers ${searchEndpoint.status}: not there yet, skipped`);
  }
  if (isAutoIndexRun) {
    await runAutoIndex(server, admin, scope, total);
  }
  const idleRssMb = rssMb(server.pid);
  const loadBefore = loadavg();
  const scenarios = allScenarios(context, pool);
  // Before the write scenarios add rows: the plans are those of the seeded table.
  const plans = options.explain ? await explainAll(database.url, context) : undefined;
  const results = [];
  for (const scenario of scenarios) {
    results.push(await measure(server, pool, admin, scenario));
  }
  const removed = await deleteMarked(admin, scope);
  if (removed > 0) {
    await admin.query('VACUUM ANALYZE record');
  }
  const peakRssMb = Math.max(0, ...results.map((r) => r.peakRssMb));
  // The target is per server process: with PLINTH_WORKERS each worker holds its own caches, so the
  // sum grows with the cores by design.
  const largestRssMb = Math.max(0, ...results.map((r) => r.largestProcessRssMb));
  const processes = processTree(server.pid).length;
  const rows = results.map(tableRow);
  const title =
    `Query engine at ${total.toLocaleString('en')} deals: medians of ${options.runs} runs, ` +
    `${options.connections} connections, ${cpus().length} cores` +
    (seed.recordsPerSecond
      ? `; seeded ${seed.seeded.toLocaleString('en')} at ${Math.round(seed.recordsPerSecond).toLocaleString('en')} records/s`
      : '');
  if (rows.length > 0) {
    printTable(title, rows);
    log(`\n${markdownTable(rows)}\n`);
  }
  if (results.length > 0) {
    log(
      `\nServer RSS (${processes} processes together): ${idleRssMb?.toFixed(0)} MB idle, peak ${peakRssMb.toFixed(0)} MB under load; ` +
        `the largest process peaked at ${largestRssMb.toFixed(0)} MB (target ≤ 300 MB per server process: ${largestRssMb <= 300 ? 'met' : 'NOT met'})`,
    );
  }
  const resultsDir = resolve(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = resolve(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
  };
  const report = {
    date: new Date().toISOString(),
    machine,
    loadAverage: { before: loadBefore, after: loadavg() },
    options,
    deals: total,
    seed,
    dialect: { hasCasts: dialect.hasCasts, hasSearchVector: dialect.hasSearchVector },
    indexes: await recordIndexes(admin),
    searchEndpoint,
    rss: {
      processes,
      idleMb: idleRssMb,
      peakMb: peakRssMb,
      largestProcessPeakMb: largestRssMb,
      targetMb: 300,
    },
    results: results.map((r) => ({ ...r, checks: judge(r) })),
    plans,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`Results written to ${file}`);
} finally {
  admin.release();
  await pool.end();
  await server.stop();
  await database.stop();
}
