// What each index of `record` costs a bulk insert (issue 18): inserts copies of N stored records
// of one object (new ids, the search vector computed as the server does) in batches of 1,000,
// inside a transaction that first drops the indexes of the variant and is then rolled back, so
// nothing changes. Figures are the PostgreSQL backend's CPU time (user + system, from /proc), not
// wall time: they hold on a shared, busy machine. Medians of `--rounds` rounds. Usage:
//   node bench/index-cost.mjs --pgdata bench-100k --object deal [--batches 4 --rounds 5] [--forms]
// `--forms` compares how the rows reach PostgreSQL instead (every index kept): rows already in
// the database, one JSON document (`jsonb_to_recordset`, the batch endpoint's form), and COPY into
// a temporary table followed by `INSERT … SELECT` (`pg-copy-streams`), with this client's CPU.
// (the database of `npm run bench -- --records 100000 --pgdata bench-100k`, or any bench folder)
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { log, median, parseArgs, printTable, startDatabase } from './support.mjs';

const options = parseArgs({
  pgdata: 'bench-pgdata',
  object: 'deal',
  batches: 4,
  rounds: 5,
  forms: false,
});
const BATCH = 1000;
const INSERTED_COLUMNS =
  '(id, organization_id, object_definition_id, properties, display_name, search_vector, match_keys, created_by, updated_by)';

const database = await startDatabase({ folder: options.pgdata });
const client = new pg.Client({ connectionString: database.url });
await client.connect();
try {
  const {
    rows: [definition],
  } = await client.query(
    `SELECT d.id, (SELECT count(*) FROM record r WHERE r.object_definition_id = d.id)::int AS stored
       FROM object_definition d WHERE d.name = $1 AND d.archived_at IS NULL
      ORDER BY stored DESC LIMIT 1`,
    [options.object],
  );
  if (!definition || definition.stored < BATCH * options.batches) {
    throw new Error(
      `${options.pgdata} holds fewer than ${BATCH * options.batches} ${options.object} records`,
    );
  }
  const {
    rows: [{ pid }],
  } = await client.query('SELECT pg_backend_pid() AS pid');
  /** The backend's CPU time in ms (utime + stime, clock ticks of 10 ms). */
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const { rows: indexes } = await client.query(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
       FROM pg_index WHERE indrelid = 'record'::regclass`,
  );
  const { rows: used } = await client.query(
    `SELECT DISTINCT jsonb_object_keys(properties) AS name
       FROM (SELECT properties FROM record WHERE object_definition_id = $1 LIMIT 1000) AS r`,
    [definition.id],
  );
  const hasValue = (index) => used.some(({ name }) => index.definition.includes(`'${name}'::text`));
  const runtime = indexes.filter((index) => /^rx_/.test(index.name));
  const named = (pattern) => indexes.filter((index) => pattern.test(index.definition));
  /** The search vector as the server computes it, of the row `alias` names. */
  const searchVectorOf = (
    alias,
  ) => `to_tsvector('simple', plinth_unaccent(concat_ws(' ', ${alias}.display_name,
     (SELECT string_agg(value, ' ') FROM jsonb_each_text(${alias}.properties) WHERE length(value) < 10000))))`;
  // The copied records, read once: each insert then costs the same whatever the round.
  await client.query(
    `CREATE TEMP TABLE index_cost_source AS
       SELECT (row_number() OVER () - 1) / ${BATCH} AS batch, organization_id, object_definition_id,
              properties, display_name, match_keys, created_by, updated_by
         FROM record WHERE object_definition_id = $1 LIMIT ${BATCH * options.batches}`,
    [definition.id],
  );
  /** Copies of one batch of the stored records, inserted from the database itself. */
  const insertStored = (batch, isVectorComputed = true) =>
    client.query(
      `INSERT INTO record ${INSERTED_COLUMNS}
       SELECT gen_random_uuid(), s.organization_id, s.object_definition_id, s.properties, s.display_name,
              ${isVectorComputed ? searchVectorOf('s') : 'NULL'}, s.match_keys, s.created_by, s.updated_by
         FROM index_cost_source s WHERE s.batch = $1`,
      [batch],
    );
  /** CPU ms per 1,000 records over `options.batches` batches. */
  const insert = async (isVectorComputed) => {
    const before = cpuMs();
    for (let batch = 0; batch < options.batches; batch++) {
      await insertStored(batch, isVectorComputed);
    }
    return (cpuMs() - before) / options.batches;
  };
  if (options.forms) {
    await compareForms(client, cpuMs, { searchVectorOf, insertStored });
  } else {
    const variants = [
      ['every index', []],
      ['without the GIN on properties (jsonb_path_ops)', named(/\(properties jsonb_path_ops\)/)],
      ['without the GIN on search_vector', named(/\(search_vector\)/)],
      ['without the trigram GIN on display_name', named(/gin_trgm_ops/)],
      ['without the GIN on match_keys', named(/\(match_keys\)/)],
      [
        `without the runtime indexes it has no value for (${runtime.filter((i) => !hasValue(i)).length} of ${runtime.length})`,
        runtime.filter((index) => !hasValue(index)),
      ],
      [`without any runtime index (${runtime.length})`, runtime],
      ['primary key only', indexes.filter((index) => !/"?PK_/.test(index.name))],
      ['every index, search vector not computed', [], false],
    ];
    log(
      `${options.object}: ${indexes.length} indexes on record, ${definition.stored.toLocaleString('en')} stored; ` +
        `${options.rounds} rounds × ${options.batches} batches of ${BATCH} per variant`,
    );
    const results = new Map(variants.map(([label]) => [label, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const [label, dropped, isVectorComputed = true] of variants) {
        await client.query('BEGIN');
        try {
          for (const index of dropped) {
            await client.query(`DROP INDEX ${index.name}`);
          }
          results.get(label).push(await insert(isVectorComputed));
        } finally {
          await client.query('ROLLBACK');
        }
      }
    }
    const all = median(results.get('every index'));
    printTable(
      `Insert cost by index, ${options.object} (PostgreSQL backend CPU per 1,000 records, medians)`,
      [...results].map(([label, runs]) => ({
        variant: label,
        'CPU ms / 1,000': median(runs).toFixed(0),
        'vs every index': `${(((median(runs) - all) / all) * 100).toFixed(0)}%`,
        runs: runs.map((ms) => ms.toFixed(0)).join(' '),
      })),
    );
  }
} finally {
  await client.end();
  await database.stop();
}

/**
 * The same 1,000-record batches (index_cost_source) inserted three ways, each in a transaction
 * rolled back: PostgreSQL's CPU, this client's CPU (building the document or the COPY text) and
 * the wall time, per 1,000 records.
 */
async function compareForms(client, cpuMs, { searchVectorOf, insertStored }) {
  const { rows: source } = await client.query(
    `SELECT batch, organization_id, object_definition_id, properties::text AS properties,
            display_name, to_jsonb(match_keys)::text AS match_keys, created_by, updated_by
       FROM index_cost_source ORDER BY batch`,
  );
  const batches = Array.from({ length: options.batches }, (_, batch) =>
    source.filter((row) => row.batch === String(batch) || row.batch === batch),
  );
  /** The inserted row of a sent one, `alias`, whose match keys came as JSON. */
  const selected = (alias) =>
    `SELECT gen_random_uuid(), ${alias}.organization_id, ${alias}.object_definition_id, ${alias}.properties,
            ${alias}.display_name, ${searchVectorOf(alias)},
            CASE WHEN ${alias}.match_keys IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(${alias}.match_keys)) END,
            ${alias}.created_by, ${alias}.updated_by`;
  /** COPY's text format: backslash, tab, newline and carriage return escaped; null is \N. */
  const copyField = (value) =>
    value === null || value === undefined
      ? '\\N'
      : String(value).replace(
          /[\\\t\n\r]/g,
          (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c],
        );
  const forms = [
    [
      'INSERT … SELECT from rows already in the database (what every form pays)',
      (batch) => insertStored(batch),
    ],
    [
      'one JSON document, jsonb_to_recordset (the batch endpoint)',
      async (batch) =>
        client.query(
          `INSERT INTO record ${INSERTED_COLUMNS} ${selected('x')}
             FROM jsonb_to_recordset($1::jsonb) AS x(organization_id uuid, object_definition_id uuid,
                  properties jsonb, display_name text, match_keys jsonb, created_by text, updated_by text)`,
          [
            JSON.stringify(
              batches[batch].map((row) => ({
                organization_id: row.organization_id,
                object_definition_id: row.object_definition_id,
                properties: JSON.parse(row.properties),
                display_name: row.display_name,
                match_keys: row.match_keys === null ? null : JSON.parse(row.match_keys),
                created_by: row.created_by,
                updated_by: row.updated_by,
              })),
            ),
          ],
        ),
    ],
    [
      'COPY into a temporary table, then INSERT … SELECT (pg-copy-streams)',
      async (batch) => {
        await client.query(
          `CREATE TEMP TABLE copied (organization_id uuid, object_definition_id uuid, properties jsonb,
             display_name text, match_keys jsonb, created_by text, updated_by text) ON COMMIT DROP`,
        );
        const text = batches[batch]
          .map((row) =>
            [
              row.organization_id,
              row.object_definition_id,
              JSON.stringify(JSON.parse(row.properties)),
              row.display_name,
              row.match_keys,
              row.created_by,
              row.updated_by,
            ]
              .map(copyField)
              .join('\t'),
          )
          .join('\n');
        await pipeline(
          (async function* () {
            yield `${text}\n`;
          })(),
          client.query(copyFrom('COPY copied FROM STDIN')),
        );
        await client.query(`INSERT INTO record ${INSERTED_COLUMNS} ${selected('c')} FROM copied c`);
        await client.query('DROP TABLE copied');
      },
    ],
  ];
  log(
    `${options.rounds} rounds × ${options.batches} batches of ${BATCH} per form, every index kept`,
  );
  const results = new Map(forms.map(([label]) => [label, { pg: [], client: [], wall: [] }]));
  for (let round = 0; round < options.rounds; round++) {
    for (const [label, insertBatch] of forms) {
      await client.query('BEGIN');
      try {
        const pgBefore = cpuMs();
        const clientBefore = process.cpuUsage();
        const wallBefore = performance.now();
        for (let batch = 0; batch < options.batches; batch++) {
          await insertBatch(batch);
        }
        const used = process.cpuUsage(clientBefore);
        const pgUsed = cpuMs() - pgBefore;
        const wall = performance.now() - wallBefore;
        // Every form inserted every record (created_at is the transaction's start).
        const {
          rows: [{ inserted }],
        } = await client.query(
          'SELECT count(*)::int AS inserted FROM record WHERE created_at = now()',
        );
        if (inserted !== options.batches * BATCH) {
          throw new Error(`${label}: ${inserted} records inserted, not ${options.batches * BATCH}`);
        }
        const result = results.get(label);
        result.pg.push(pgUsed / options.batches);
        result.client.push((used.user + used.system) / 1000 / options.batches);
        result.wall.push(wall / options.batches);
      } finally {
        await client.query('ROLLBACK');
      }
    }
  }
  printTable(
    `How rows reach PostgreSQL, ${options.object} (per 1,000 records, medians)`,
    [...results].map(([label, { pg: pgRuns, client: clientRuns, wall }]) => ({
      form: label,
      'PostgreSQL CPU ms': median(pgRuns).toFixed(0),
      'client CPU ms': median(clientRuns).toFixed(0),
      'wall ms': median(wall).toFixed(0),
      'records/s (one connection)': Math.round(1000 / (median(wall) / 1000)).toLocaleString('en'),
    })),
  );
}
