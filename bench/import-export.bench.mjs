// CSV import and export at scale (issue 16, "Speed"): a 100,000-row CSV of people imported by
// upsert on email through the real server (POST /api/imports, then start; rows/s from the job's
// own start to its end), the server's resident memory sampled throughout (peak RSS), then the same
// rows exported (GET /api/objects/person/export.csv, rows/s to the last byte). Beside each, the
// raw `pg` equivalent on the same database: multi-row INSERT … unnest of the same rows in batches
// of 1,000 into `record` (rolled back), and a cursor reading the rows back. The import's note
// gives the CPU the server and PostgreSQL spent per 1,000 rows (upload included), and raw's.
// Usage: npm run bench:import-export -- --rows 100000 [--updates] [--pgdata bench-pgdata] [--workers 1]
//   --updates: import the same file a second time (every row an update) and report it too.
//   --workers: server processes (PLINTH_WORKERS, default 1); RSS is summed over all of them.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, databaseCpuSeconds, rssMb, withRssSampling } from './load.mjs';
import {
  apiHeaders,
  log,
  parseArgs,
  printTable,
  startDatabase,
  startServer,
  withClient,
} from './support.mjs';

const options = parseArgs({ rows: 100_000, updates: false, pgdata: 'bench-pgdata', workers: 1 });
const run = Date.now().toString(36);
const file = join(tmpdir(), `plinth-bench-people-${run}.csv`);

/** CPU seconds the server (its workers included) and PostgreSQL have used so far. */
function cpuNow(pid) {
  return { server: cpuSeconds(pid), database: databaseCpuSeconds(database) };
}

/**
 * Runs `work`, sampling the server's RSS every 100 ms; answers its result, the peak RSS, and the
 * CPU seconds the server and PostgreSQL used meanwhile.
 */
async function measured(pid, work) {
  const before = cpuNow(pid);
  const { result, peakRssMb } = await withRssSampling(pid, work);
  const after = cpuNow(pid);
  return {
    result,
    peak: peakRssMb,
    cpu: { server: after.server - before.server, database: after.database - before.database },
  };
}

async function writeCsv() {
  const out = createWriteStream(file);
  out.write('Email,First name,Last name,Job title,Lead score\n');
  for (let i = 0; i < options.rows; i++) {
    const line = `bench-${run}-${i}@example.com,First${i},"Last, ${i}",Engineer,${i % 100}\n`;
    if (!out.write(line)) {
      await new Promise((resolve) => out.once('drain', resolve));
    }
  }
  await new Promise((resolve) => out.end(resolve));
  return (await stat(file)).size;
}

async function api(base, method, path, body, headers = { 'Content-Type': 'application/json' }) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: apiHeaders(headers),
    body:
      body === undefined || typeof body !== 'object' || body instanceof ReadableStream
        ? body
        : JSON.stringify(body),
    duplex: 'half',
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** Uploads the file (streamed), starts an upsert by email, waits for the end. */
async function importOnce(server) {
  const body = ReadableStream.from(createReadStream(file));
  const uploadStarted = performance.now();
  const job = await api(
    server.base,
    'POST',
    '/api/imports?object=person&file_name=people.csv',
    body,
    {
      'Content-Type': 'text/csv',
    },
  );
  const uploadSeconds = (performance.now() - uploadStarted) / 1000;
  const started = performance.now();
  await api(server.base, 'POST', `/api/imports/${job.id}/start`, {
    mode: 'upsert',
    key: 'email',
    mapping: job.mapping,
  });
  let done;
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    done = await api(server.base, 'GET', `/api/imports/${job.id}`);
  } while (done.status === 'running');
  const seconds = (performance.now() - started) / 1000;
  if (done.status !== 'completed' || done.failed > 0) {
    throw new Error(`import ended ${done.status}: ${JSON.stringify(done)}`);
  }
  return { seconds, uploadSeconds, created: done.created, updated: done.updated };
}

async function exportAll(server) {
  const started = performance.now();
  const response = await fetch(`${server.base}/api/objects/person/export.csv`, {
    headers: apiHeaders(),
  });
  let bytes = 0;
  let rows = -1;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (const byte of chunk) {
      rows += byte === 10 ? 1 : 0;
    }
  }
  return { seconds: (performance.now() - started) / 1000, bytes, rows };
}

/**
 * Raw pg: the same rows as jsonb, 1,000 per INSERT … unnest, into `record` itself (the same table,
 * its indexes, the title's search vector and the email's match key, as the server writes them),
 * each batch in a transaction rolled back, so nothing stays. Until 2026-12-06 this inserted into a
 * scratch copy without indexes, which flattered the raw side (150,000 rows/s).
 */
async function rawInsert(client) {
  const [{ organization_id: org, id: definition }] = (
    await client.query(
      `SELECT d.organization_id, d.id FROM object_definition d JOIN organization o ON o.id = d.organization_id
        WHERE o.slug = 'default' AND d.name = 'person'`,
    )
  ).rows;
  const databaseBefore = databaseCpuSeconds(database);
  const started = performance.now();
  for (let start = 0; start < options.rows; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(start + 1000, options.rows); i++) {
      batch.push(
        JSON.stringify({
          email: `raw-${run}-${i}@example.com`,
          first_name: `First${i}`,
          last_name: `Last, ${i}`,
          job_title: 'Engineer',
          lead_score: i % 100,
        }),
      );
    }
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO record (id, organization_id, object_definition_id, properties, display_name, search_vector, created_by, updated_by, match_keys)
       SELECT gen_random_uuid(), $1, $2, p, concat_ws(' ', p->>'first_name', p->>'last_name'),
              to_tsvector('simple', plinth_unaccent(concat_ws(' ', p->>'first_name', p->>'last_name', p->>'email', p->>'job_title'))),
              'system', 'system', ARRAY['email:' || lower(p->>'email')]
         FROM unnest($3::jsonb[]) p`,
      [org, definition, batch],
    );
    await client.query('ROLLBACK');
  }
  return {
    seconds: (performance.now() - started) / 1000,
    databaseCpu: databaseCpuSeconds(database) - databaseBefore,
    definition,
  };
}

/** Raw pg: the person rows read back through a cursor, 2,000 per fetch (what export reads). */
async function rawSelect(client, definition) {
  const started = performance.now();
  await client.query('BEGIN');
  await client.query(
    `DECLARE c NO SCROLL CURSOR FOR SELECT id, properties, created_at, updated_at, owner_id, created_by, updated_by
       FROM record WHERE object_definition_id = $1 AND archived_at IS NULL ORDER BY created_at DESC, id DESC`,
    [definition],
  );
  let rows = 0;
  for (;;) {
    const page = await client.query('FETCH 2000 FROM c');
    rows += page.rows.length;
    if (page.rows.length < 2000) break;
  }
  await client.query('COMMIT');
  return { seconds: (performance.now() - started) / 1000, rows };
}

const database = await startDatabase({ folder: options.pgdata });
const server = await startServer(database.url, { workers: options.workers });
try {
  const size = await writeCsv();
  log(`${options.rows} rows, ${(size / 1024 / 1024).toFixed(1)} MB in ${file}`);
  const idle = rssMb(server.pid) ?? 0;
  const imported = await measured(server.pid, () => importOnce(server));
  const updated = options.updates
    ? await measured(server.pid, () => importOnce(server))
    : undefined;
  const exported = await measured(server.pid, () => exportAll(server));
  const raw = await withClient(database.url, async (client) => {
    const insert = await rawInsert(client);
    const select = await rawSelect(client, insert.definition);
    return { insert, select };
  });
  const rate = (rows, seconds) => Math.round(rows / seconds);
  // CPU ms per 1,000 rows: on C cores, N rows/s leaves C × 1,000,000 / N ms for the server and
  // PostgreSQL together (the bench's own share is small and not counted).
  const perThousand = (seconds) => ((seconds * 1000 * 1000) / options.rows).toFixed(0);
  const cpuNote = ({ cpu }) =>
    `CPU ms/1,000 rows: server ${perThousand(cpu.server)}, PostgreSQL ${perThousand(cpu.database)}`;
  printTable(
    `CSV import and export, ${options.rows} rows (server RSS idle ${idle.toFixed(0)} MB)`,
    [
      {
        what: 'import by upsert (new rows)',
        'rows/s': rate(options.rows, imported.result.seconds),
        seconds: imported.result.seconds.toFixed(1),
        'peak RSS MB': imported.peak.toFixed(0),
        'raw pg rows/s': rate(options.rows, raw.insert.seconds),
        ratio: (raw.insert.seconds / imported.result.seconds).toFixed(2),
        note: `upload ${imported.result.uploadSeconds.toFixed(1)} s; ${imported.result.created} created; ${cpuNote(imported)}; raw's PostgreSQL ${perThousand(raw.insert.databaseCpu)}`,
      },
      ...(updated
        ? [
            {
              what: 'import by upsert (every row an update)',
              'rows/s': rate(options.rows, updated.result.seconds),
              seconds: updated.result.seconds.toFixed(1),
              'peak RSS MB': updated.peak.toFixed(0),
              'raw pg rows/s': '',
              ratio: '',
              note: `${updated.result.updated} updated; ${cpuNote(updated)}`,
            },
          ]
        : []),
      {
        what: 'export (streamed CSV)',
        'rows/s': rate(exported.result.rows, exported.result.seconds),
        seconds: exported.result.seconds.toFixed(1),
        'peak RSS MB': exported.peak.toFixed(0),
        'raw pg rows/s': rate(raw.select.rows, raw.select.seconds),
        ratio: (raw.select.seconds / exported.result.seconds).toFixed(2),
        note: `${exported.result.rows} rows, ${(exported.result.bytes / 1024 / 1024).toFixed(1)} MB`,
      },
    ],
  );
} finally {
  await server.stop();
  await database.stop();
  await rm(file, { force: true });
}
