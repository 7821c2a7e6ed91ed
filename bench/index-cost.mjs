// What each index of `record` costs a bulk insert (issue 18): inserts copies of N stored records
// of one object (new ids, the search vector computed as the server does) in batches of 1,000,
// inside a transaction that first drops the indexes of the variant and is then rolled back, so
// nothing changes. Figures are the PostgreSQL backend's CPU time (user + system, from /proc), not
// wall time: they hold on a shared, busy machine. Medians of `--rounds` rounds. Usage:
//   node bench/index-cost.mjs --pgdata bench-100k --object deal [--batches 4 --rounds 5]
// (the database of `npm run bench -- --records 100000 --pgdata bench-100k`, or any bench folder)
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { log, median, parseArgs, printTable, startDatabase } from './support.mjs';

const options = parseArgs({ pgdata: 'bench-pgdata', object: 'deal', batches: 4, rounds: 5 });
const BATCH = 1000;

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
  const searchVector = `to_tsvector('simple', plinth_unaccent(concat_ws(' ', display_name,
     (SELECT string_agg(value, ' ') FROM jsonb_each_text(properties) WHERE length(value) < 10000))))`;
  // The copied records, read once: each insert then costs the same whatever the round.
  await client.query(
    `CREATE TEMP TABLE index_cost_source AS
       SELECT (row_number() OVER () - 1) / ${BATCH} AS batch, organization_id, object_definition_id,
              properties, display_name, match_keys, created_by, updated_by
         FROM record WHERE object_definition_id = $1 LIMIT ${BATCH * options.batches}`,
    [definition.id],
  );
  /** CPU ms per 1,000 records over `options.batches` batches. */
  const insert = async (isVectorComputed) => {
    const before = cpuMs();
    for (let batch = 0; batch < options.batches; batch++) {
      await client.query(
        `INSERT INTO record (id, organization_id, object_definition_id, properties, display_name, search_vector, match_keys, created_by, updated_by)
         SELECT gen_random_uuid(), organization_id, object_definition_id, properties, display_name,
                ${isVectorComputed ? searchVector : 'NULL'}, match_keys, created_by, updated_by
           FROM index_cost_source WHERE batch = $1`,
        [batch],
      );
    }
    return (cpuMs() - before) / options.batches;
  };
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
} finally {
  await client.end();
  await database.stop();
}
