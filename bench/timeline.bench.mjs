// The event log at scale (issue 14): N events loaded in SQL (generate_series, not through the
// API), then, through the HTTP API beside the same SQL through raw `pg`:
// - the first timeline page (25 newest) of a record holding --record-events events (p95 target
//   ≤ 20 ms);
// - the change feed read from the start in pages of 1,000 (target ≥ 20,000 events/s).
// Usage: npm run bench:timeline -- --events 10000000 --record-events 10000 --runs 3 --seconds 5
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import pg from 'pg';
import { loadHttp, loadPool } from './load.mjs';
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

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const { createDataSource } = require(resolve(root, 'server/dist/src/database/data-source.js'));
const { migrate } = require(resolve(root, 'server/dist/src/database/database-connection.js'));

const options = parseArgs({
  events: 10_000_000,
  'record-events': 10_000,
  records: 200_000,
  connections: 4,
  seconds: 5,
  runs: 3,
  'feed-events': 200_000,
  chunk: 500_000,
  pgdata: 'bench-events-pgdata',
});

const TIMELINE_SQL = `SELECT e.id::text AS id, e.occurred_at, e.type, e.object_name, e.record_id, e.record_version,
       e.actor, e.source, e.request_id, e.cause_event_id::text AS cause_event_id, e.data
  FROM event e WHERE e.organization_id = $1 AND e.record_id = $2 ORDER BY e.id DESC LIMIT 25`;
const FEED_SQL = `SELECT e.organization_id, e.tx_id::text AS tx_id, e.id::text AS id, e.occurred_at, e.type,
       e.object_name, e.record_id, e.record_version, e.actor, e.source, e.request_id,
       e.cause_event_id::text AS cause_event_id, e.data
  FROM event e WHERE (e.tx_id, e.id) > ($1::xid8, $2::bigint)
   AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot()) AND e.organization_id = $3
 ORDER BY e.tx_id, e.id LIMIT 1000`;

const database = await startDatabase({ folder: options.pgdata });
let server;
try {
  const migrator = createDataSource(database.url, 2);
  await migrator.initialize();
  await migrate(migrator).finally(() => migrator.destroy());
  server = await startServer(database.url);
  const target = await targetRecord(server.base);
  await withClient(database.url, (client) => load(client, target));
  const rows = await measure(server.base, target);
  printTable(
    `Event log at ${options.events.toLocaleString('en-US')} events: medians of ${options.runs} runs, 2 cores`,
    rows,
  );
  log(`\n${markdownTable(rows)}\n`);
} finally {
  await server?.stop();
  await database.stop();
}

/** The deal whose timeline is read: the first one with events, else a new one. */
async function targetRecord(base) {
  const { organizationId, recordId } = await withClient(database.url, async (client) => {
    const { rows } = await client.query(
      `SELECT organization_id, record_id FROM event WHERE record_id IS NOT NULL
        GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    return rows[0]
      ? { organizationId: rows[0].organization_id, recordId: rows[0].record_id }
      : { organizationId: undefined, recordId: undefined };
  });
  if (recordId) {
    return { organizationId, recordId };
  }
  const response = await fetch(`${base}/api/objects/deal`, {
    method: 'POST',
    headers: apiHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify({ name: 'Timeline bench deal', stage: 'lead' }),
  });
  if (response.status !== 201) {
    throw new Error(`creating the bench deal answered ${response.status}`);
  }
  const deal = await response.json();
  const organization = await withClient(database.url, (client) =>
    client.query('SELECT organization_id FROM record WHERE id = $1', [deal.id]),
  );
  return { organizationId: organization.rows[0].organization_id, recordId: deal.id };
}

/** Events up to --events: --record-events on the target deal, the rest over --records others. */
async function load(client, target) {
  const { rows } = await client.query('SELECT count(*)::bigint AS n FROM event');
  let have = Number(rows[0].n);
  if (have >= options.events) {
    log(`Reusing ${have.toLocaleString('en-US')} events in .plinth/${options.pgdata}`);
    return;
  }
  log(`Loading ${(options.events - have).toLocaleString('en-US')} events in SQL…`);
  const started = Date.now();
  const ownMissing = Math.max(0, options['record-events'] - (await countOf(client, target)));
  await client.query(
    `INSERT INTO event (organization_id, type, object_name, record_id, record_version, actor, source, data, occurred_at)
     SELECT $1, 'updated', 'deal', $2, i + 1, 'system', 'system',
            jsonb_build_object('changes', jsonb_build_object('stage', jsonb_build_object('old', 'lead', 'new', 'qualified'))),
            now() - make_interval(secs => $3 - i)
       FROM generate_series(1, $3::int) i`,
    [target.organizationId, target.recordId, ownMissing],
  );
  have += ownMissing;
  while (have < options.events) {
    const count = Math.min(options.chunk, options.events - have);
    // Each chunk one transaction (one tx_id), like batches of writes; record ids from a fixed set.
    await client.query(
      `INSERT INTO event (organization_id, type, object_name, record_id, record_version, actor, source, data)
       SELECT $1, CASE WHEN i % 10 = 0 THEN 'created' ELSE 'updated' END, 'deal',
              md5(((i + $3) % $4)::text)::uuid, 1 + i / $4, 'system', 'system',
              jsonb_build_object('changes', jsonb_build_object('amount', jsonb_build_object('old', i, 'new', i + 1)))
         FROM generate_series(1, $2::int) i`,
      [target.organizationId, count, have, options.records],
    );
    have += count;
    const rate = Math.round(have / ((Date.now() - started) / 1000));
    log(
      `  ${have.toLocaleString('en-US')} / ${options.events.toLocaleString('en-US')} events  ${rate.toLocaleString('en-US')}/s`,
    );
  }
  const vacuum = await timed(() => client.query('VACUUM ANALYZE event'));
  log(`VACUUM ANALYZE event: ${(vacuum.ms / 1000).toFixed(1)} s`);
}

async function countOf(client, target) {
  const { rows } = await client.query(
    'SELECT count(*)::int AS n FROM event WHERE organization_id = $1 AND record_id = $2',
    [target.organizationId, target.recordId],
  );
  return rows[0].n;
}

async function measure(base, target) {
  const pool = new pg.Pool({ connectionString: database.url, max: options.connections });
  try {
    const timeline = { ours: [], raw: [] };
    const feed = { ours: [], raw: [] };
    for (let run = 1; run <= options.runs; run++) {
      timeline.ours.push(
        await loadHttp({
          base,
          connections: options.connections,
          seconds: options.seconds,
          next: () => ({
            method: 'GET',
            path: `/api/objects/deal/${target.recordId}/timeline?range=${encodeURIComponent('[0,24]')}`,
          }),
        }),
      );
      timeline.raw.push(
        await loadPool({
          connections: options.connections,
          seconds: options.seconds,
          work: () => pool.query(TIMELINE_SQL, [target.organizationId, target.recordId]),
        }),
      );
      feed.ours.push(await readFeedHttp(base));
      feed.raw.push(await readFeedRaw(pool, target.organizationId));
      const [t, f] = [timeline.ours.at(-1), feed.ours.at(-1)];
      log(
        `  run ${run}: timeline p95 ${t.p95.toFixed(1)} ms (raw ${timeline.raw.at(-1).p95.toFixed(1)}); feed ${Math.round(f)} events/s (raw ${Math.round(feed.raw.at(-1))})`,
      );
    }
    const p95 = (runs) => median(runs.map((r) => r.p95));
    const p50 = (runs) => median(runs.map((r) => r.p50));
    return [
      {
        scenario: `timeline first page (${options['record-events'].toLocaleString('en-US')}-event record)`,
        ours: `p50 ${p50(timeline.ours).toFixed(1)} / p95 ${p95(timeline.ours).toFixed(1)} ms`,
        raw: `p50 ${p50(timeline.raw).toFixed(1)} / p95 ${p95(timeline.raw).toFixed(1)} ms`,
        'ours/raw': (p95(timeline.ours) / p95(timeline.raw)).toFixed(2),
        target: 'p95 ≤ 20 ms',
        met: p95(timeline.ours) <= 20 ? 'yes' : 'NO',
      },
      {
        scenario: `change feed, pages of 1,000 (${options['feed-events'].toLocaleString('en-US')} events)`,
        ours: `${Math.round(median(feed.ours)).toLocaleString('en-US')} events/s`,
        raw: `${Math.round(median(feed.raw)).toLocaleString('en-US')} events/s`,
        'ours/raw': (median(feed.ours) / median(feed.raw)).toFixed(2),
        target: '≥ 20,000 events/s',
        met: median(feed.ours) >= 20_000 ? 'yes' : 'NO',
      },
    ];
  } finally {
    await pool.end();
  }
}

/** Events per second of `GET /api/events` from the start, one page after the other. */
async function readFeedHttp(base) {
  let after;
  let read = 0;
  const { ms } = await timed(async () => {
    while (read < options['feed-events']) {
      const query = after ? `&after=${after}` : '';
      const response = await fetch(`${base}/api/events?limit=1000${query}`, {
        headers: apiHeaders(),
      });
      if (response.status !== 200) {
        throw new Error(`GET /api/events answered ${response.status}`);
      }
      const page = await response.json();
      if (page.events.length === 0) {
        break;
      }
      read += page.events.length;
      after = page.next;
    }
  });
  return read / (ms / 1000);
}

async function readFeedRaw(pool, organizationId) {
  let position = ['0', '0'];
  let read = 0;
  const { ms } = await timed(async () => {
    while (read < options['feed-events']) {
      const { rows } = await pool.query(FEED_SQL, [...position, organizationId]);
      if (rows.length === 0) {
        break;
      }
      read += rows.length;
      const last = rows.at(-1);
      position = [last.tx_id, last.id];
    }
  });
  return read / (ms / 1000);
}
