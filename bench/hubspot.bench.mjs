// The HubSpot-compatible surface against the native API for the same operation (issue 17: at most
// 15% more): get, create, search and a batch create of 100 people/contacts, each through
// /api/objects/person… and /crm/v3/objects/contacts… (autocannon, loopback), beside the same work
// as raw SQL on a pg Pool. Runs alternate between the surfaces; medians of `--runs`. Usage:
//   npm run bench:hubspot -- --records 10000 --connections 10 --seconds 5 --runs 3
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
  records: 10_000,
  runs: 3,
  connections: 10,
  seconds: 5,
  only: '',
  pgdata: 'bench-hubspot-pgdata',
});
const RUN_ID = Date.now().toString(36);
let sequence = 0;
const nextEmail = () => `bench-${RUN_ID}-${sequence++}@example.com`;
const STAGES = ['lead', 'subscriber', 'customer'];

async function post(base, path, body) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: apiHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(
      `${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  }
  return response.json();
}

/** People through the native bulk path until there are `records`; returns some ids and scope. */
async function seed(base, url) {
  const scope = await withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT d.id AS definition_id, d.organization_id,
              (SELECT count(*)::int FROM record r WHERE r.object_definition_id = d.id
                 AND r.archived_at IS NULL) AS total
         FROM object_definition d JOIN organization o ON o.id = d.organization_id
        WHERE o.slug = 'default' AND d.name = 'person'`,
    );
    return rows[0];
  });
  for (let done = scope.total; done < options.records; done += 1000) {
    const size = Math.min(1000, options.records - done);
    const bodies = Array.from({ length: size }, (_, i) => ({
      email: nextEmail(),
      ...personName(mix(done + i)),
      lifecycle_stage: STAGES[(done + i) % STAGES.length],
    }));
    await post(base, '/api/objects/person/batch', bodies);
  }
  const ids = await withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT id FROM record WHERE object_definition_id = $1 AND archived_at IS NULL LIMIT 1000`,
      [scope.definition_id],
    );
    return rows.map((row) => row.id);
  });
  log(
    `${Math.max(scope.total, options.records).toLocaleString()} people; ${ids.length} ids sampled`,
  );
  return { ...scope, ids };
}

function scenarios(seeded) {
  const id = (i) => seeded.ids[i % seeded.ids.length];
  // Names like real ones: one shared name on every create would make the duplicate check (person's
  // similar_name rule) score thousands of identical titles, which no real import looks like.
  let named = 0;
  const titleOf = (body) => `${body.first_name} ${body.last_name}`;
  const person = () => ({
    email: nextEmail(),
    ...personName(mix(1_000_000 + named++)),
    lifecycle_stage: 'lead',
  });
  const contact = () => {
    const { first_name: firstname, last_name: lastname } = personName(mix(1_000_000 + named++));
    return { email: nextEmail(), firstname, lastname, lifecyclestage: 'lead' };
  };
  let i = 0;
  const scope = [seeded.organization_id, seeded.definition_id];
  return [
    {
      name: 'get',
      native: () => ({ method: 'GET', path: `/api/objects/person/${id(i++)}` }),
      hubspot: () => ({ method: 'GET', path: `/crm/v3/objects/contacts/${id(i++)}` }),
      raw: (pool, n) =>
        pool.query(
          `SELECT id, properties, created_at, updated_at FROM record
            WHERE organization_id = $1 AND object_definition_id = $2 AND id = $3 AND archived_at IS NULL`,
          [...scope, id(n)],
        ),
    },
    {
      name: 'create',
      status: 201,
      native: () => ({
        method: 'POST',
        path: '/api/objects/person',
        body: JSON.stringify(person()),
      }),
      hubspot: () => ({
        method: 'POST',
        path: '/crm/v3/objects/contacts',
        body: JSON.stringify({ properties: contact() }),
      }),
      raw: (pool) => {
        const body = person();
        return pool.query(
          `INSERT INTO record (organization_id, object_definition_id, properties, display_name)
           VALUES ($1, $2, $3, $4) RETURNING id, properties, created_at, updated_at`,
          [...scope, body, titleOf(body)],
        );
      },
    },
    {
      name: 'search',
      native: () => ({
        method: 'POST',
        path: '/api/objects/person/search',
        body: JSON.stringify({
          filter_groups: [
            { filters: [{ property: 'lifecycle_stage', operator: 'EQ', value: 'customer' }] },
          ],
          limit: 10,
          with_total: true,
        }),
      }),
      hubspot: () => ({
        method: 'POST',
        path: '/crm/v3/objects/contacts/search',
        body: JSON.stringify({
          filterGroups: [
            { filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' }] },
          ],
          limit: 10,
        }),
      }),
      raw: (pool) =>
        Promise.all([
          pool.query(
            `SELECT id, properties, created_at, updated_at FROM record
              WHERE organization_id = $1 AND object_definition_id = $2 AND archived_at IS NULL
                AND properties @> $3 ORDER BY created_at DESC, id DESC LIMIT 11`,
            [...scope, { lifecycle_stage: 'customer' }],
          ),
          pool.query(
            `SELECT count(*) FROM record WHERE organization_id = $1 AND object_definition_id = $2
                AND archived_at IS NULL AND properties @> $3`,
            [...scope, { lifecycle_stage: 'customer' }],
          ),
        ]),
    },
    {
      name: 'batch create 100',
      status: 201,
      native: () => ({
        method: 'POST',
        path: '/api/objects/person/batch',
        body: JSON.stringify(Array.from({ length: 100 }, person)),
      }),
      hubspot: () => ({
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/create',
        body: JSON.stringify({
          inputs: Array.from({ length: 100 }, () => ({ properties: contact() })),
        }),
      }),
      raw: (pool) => {
        const bodies = Array.from({ length: 100 }, person);
        return pool.query(
          `INSERT INTO record (organization_id, object_definition_id, properties, display_name)
           SELECT $1, $2, p, t FROM unnest($3::jsonb[], $4::text[]) AS x(p, t)
           RETURNING id, properties, created_at, updated_at`,
          [...scope, bodies, bodies.map(titleOf)],
        );
      },
    },
  ].filter((scenario) => !options.only || options.only.split(',').includes(scenario.name));
}

const ms = (value) => `${value.toFixed(2)} ms`;

async function main() {
  const database = await startDatabase({ folder: options.pgdata });
  const server = await startServer(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: options.connections });
  const rows = [];
  try {
    const seeded = await seed(server.base, database.url);
    // Statistics as a running database keeps them (autovacuum rarely gets a turn in a bench's
    // minutes): a table never analyzed made the duplicate check's plan filter every person
    // (136 ms) instead of using the trigram index (4 ms).
    await withClient(database.url, (client) => client.query('ANALYZE record'));
    for (const scenario of scenarios(seeded)) {
      const runs = { native: [], hubspot: [], raw: [] };
      const load = { connections: options.connections, seconds: options.seconds };
      for (let run = 0; run < options.runs; run++) {
        // Alternating, so drift (autovacuum, a neighbour's load) hits both surfaces alike.
        for (const surface of run % 2 === 0 ? ['native', 'hubspot'] : ['hubspot', 'native']) {
          runs[surface].push(
            await loadHttp({
              ...load,
              base: server.base,
              next: scenario[surface],
              expectStatus: scenario.status ?? 200,
            }),
          );
        }
        runs.raw.push(await loadPool({ ...load, work: (n) => scenario.raw(pool, n) }));
      }
      const p50 = (surface) => median(runs[surface].map((r) => r.p50));
      const rps = (surface) => median(runs[surface].map((r) => r.rps));
      rows.push({
        operation: scenario.name,
        'native p50': ms(p50('native')),
        'hubspot p50': ms(p50('hubspot')),
        'raw pg p50': ms(p50('raw')),
        'native rps': rps('native').toFixed(0),
        'hubspot rps': rps('hubspot').toFixed(0),
        'raw pg rps': rps('raw').toFixed(0),
        'hubspot vs native (p50)': `${((p50('hubspot') / p50('native') - 1) * 100).toFixed(1)}%`,
        'hubspot vs native (rps)': `${((1 - rps('hubspot') / rps('native')) * 100).toFixed(1)}%`,
      });
      log(`${scenario.name}: done`);
    }
  } finally {
    await pool.end();
    await server.stop();
    await database.stop();
  }
  printTable(
    `HubSpot surface vs native API (${options.connections} connections, ${options.seconds} s × ${options.runs} runs, medians)`,
    rows,
  );
  log(`\n${markdownTable(rows)}`);
}

await main();
