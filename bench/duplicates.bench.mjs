// What the duplicate check costs a create (issue 16: at most 10 ms more at p95 with 1,000,000
// people). Seeds N people through the bulk path (whose `warn` rules are not checked), then creates
// people one at a time on one connection with the shipped duplicate rules of `person` (exact email
// and phones, fuzzy name) and with none (`PATCH /api/object-definitions/person`), alternating, and
// the same insert through raw `pg`. The rules are restored at the end. Usage:
//   npm run bench:duplicates -- --records 1000000 --seconds 5 --runs 3
import pg from 'pg';
import { loadHttp, loadPool } from './load.mjs';
import { mix, personName } from './people.mjs';
import {
  apiHeaders,
  log,
  markdownTable,
  median,
  parseArgs,
  printTable,
  startDatabase,
  startServer,
  withClient,
} from './support.mjs';

const options = parseArgs({
  records: 1_000_000,
  runs: 3,
  connections: 1,
  seconds: 5,
  pgdata: 'bench-duplicates-pgdata',
});
const RUN_ID = Date.now().toString(36);
let sequence = 0;

function person(n = sequence++) {
  const x = mix(n);
  return {
    email: `dup-${RUN_ID}-${n}@example.com`,
    ...personName(x),
    phone: `+1415${String(1_000_000 + (x % 8_999_999)).padStart(7, '0')}`,
  };
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: apiHeaders({ 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(
      `${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  }
  return response.json();
}

async function seed(base, url) {
  const scope = await withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT d.id AS definition_id, d.organization_id,
              (SELECT count(*)::int FROM record r WHERE r.object_definition_id = d.id) AS total
         FROM object_definition d JOIN organization o ON o.id = d.organization_id
        WHERE o.slug = 'default' AND d.name = 'person'`,
    );
    return rows[0];
  });
  const started = Date.now();
  let lastLog = started;
  for (let done = scope.total; done < options.records; done += 1000) {
    const size = Math.min(1000, options.records - done);
    await call(
      base,
      'POST',
      '/api/objects/person/batch',
      Array.from({ length: size }, () => person()),
    );
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const rate = (done + size - scope.total) / ((lastLog - started) / 1000);
      const eta = Math.round((options.records - done - size) / rate);
      log(
        `  ${(done + size).toLocaleString()} / ${options.records.toLocaleString()} people  ${Math.round(rate).toLocaleString()}/s  ETA ${eta} s`,
      );
    }
  }
  if (scope.total < options.records) {
    await withClient(url, (client) => client.query('VACUUM ANALYZE record'));
  }
  log(`${Math.max(scope.total, options.records).toLocaleString()} people`);
  return scope;
}

const ms = (value) => `${value.toFixed(2)} ms`;

async function main() {
  const database = await startDatabase({ folder: options.pgdata });
  const server = await startServer(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: options.connections });
  const definitionPath = '/api/object-definitions/person';
  let rules;
  try {
    const scope = await seed(server.base, database.url);
    rules = (await call(server.base, 'GET', definitionPath)).duplicate_rules ?? [];
    log(
      `duplicate rules of person: ${rules.map((rule) => `${rule.name} (${rule.match})`).join(', ')}`,
    );
    const runs = { on: [], off: [], raw: [] };
    const load = { connections: options.connections, seconds: options.seconds };
    const create = () => ({
      method: 'POST',
      path: '/api/objects/person',
      body: JSON.stringify(person()),
    });
    for (let run = 0; run < options.runs; run++) {
      for (const side of run % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
        await call(server.base, 'PATCH', definitionPath, {
          duplicate_rules: side === 'on' ? rules : [],
        });
        runs[side].push(
          await loadHttp({ ...load, base: server.base, next: create, expectStatus: 201 }),
        );
      }
      runs.raw.push(
        await loadPool({
          ...load,
          work: () => {
            const values = person();
            return pool.query(
              `INSERT INTO record (organization_id, object_definition_id, properties, display_name)
               VALUES ($1, $2, $3, $4) RETURNING id, properties, created_at, updated_at`,
              [
                scope.organization_id,
                scope.definition_id,
                values,
                `${values.first_name} ${values.last_name}`,
              ],
            );
          },
        }),
      );
      log(
        `run ${run + 1}: rules on p95 ${ms(runs.on.at(-1).p95)}, off p95 ${ms(runs.off.at(-1).p95)}`,
      );
    }
    const at = (side, key) => median(runs[side].map((r) => r[key]));
    const added = at('on', 'p95') - at('off', 'p95');
    const rows = [
      ['create, duplicate rules on', 'on'],
      ['create, no duplicate rules', 'off'],
      ['raw pg insert', 'raw'],
    ].map(([label, side]) => ({
      operation: label,
      p50: ms(at(side, 'p50')),
      p95: ms(at(side, 'p95')),
      p99: ms(at(side, 'p99')),
      'req/s': at(side, 'rps').toFixed(0),
    }));
    printTable(
      `Duplicate check on create at ${options.records.toLocaleString()} people (${options.connections} connection, ${options.seconds} s × ${options.runs} runs, medians)`,
      rows,
    );
    log(`The check adds ${ms(added)} at p95 (target ≤ 10 ms: ${added <= 10 ? 'met' : 'not met'})`);
    log(`\n${markdownTable(rows)}`);
  } finally {
    if (rules) {
      await call(server.base, 'PATCH', definitionPath, { duplicate_rules: rules }).catch(
        () => undefined,
      );
    }
    await pool.end();
    await server.stop();
    await database.stop();
  }
}

await main();
