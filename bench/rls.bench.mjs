// Row-level security on the organization-scoped tables, measured (issue 13, item 7): the same
// lookups as the app sends them (each with its own `organization_id = $1`), run as the app role
// plinth_app with and without a policy `organization_id = current_setting('plinth.organization_id')`
// (FORCE ROW LEVEL SECURITY: the role owns the tables). Raw pg only: RLS is below the app.
// Usage: npm run bench:rls -- --records 20000 --organizations 10 --iterations 300 --runs 3
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import pg from 'pg';
import { log, median, parseArgs, printTable, startDatabase, withClient } from './support.mjs';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const { createDataSource } = require(resolve(root, 'server/dist/src/database/data-source.js'));
const { migrate } = require(resolve(root, 'server/dist/src/database/database-connection.js'));
const { appRolePassword, prepareAppRole } = require(
  resolve(root, 'server/dist/src/database/app-role.js'),
);

const options = parseArgs({ records: 20_000, organizations: 10, iterations: 300, runs: 3 });
const TABLES = ['record', 'object_definition', 'association'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india'];

if (process.env.DATABASE_URL) {
  throw new Error(
    'bench:rls uses its own embedded PostgreSQL (it creates roles): unset DATABASE_URL',
  );
}
const database = await startDatabase({ folder: 'bench-rls-pgdata' });
try {
  const migrator = createDataSource(database.url, 2);
  await migrator.initialize();
  await migrate(migrator).finally(() => migrator.destroy());
  await withClient(database.url, seed);
  const appUrl = await prepareAppRole(database.url, await appRolePassword(database.dataFolder));
  await withClient(database.url, (client) => client.query('VACUUM ANALYZE'));
  await measure(appUrl);
} finally {
  await withClient(database.url, (client) => setRls(client, false)).catch(() => undefined);
  await database.stop();
}

/** N records spread evenly over the organizations, each with a deal definition and links. */
async function seed(client) {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM record`);
  if (rows[0].n >= options.records) {
    log(`Reusing ${rows[0].n} records in .plinth/bench-rls-pgdata`);
    return;
  }
  log(`Seeding ${options.records} records in ${options.organizations} organizations…`);
  await client.query('BEGIN');
  await client.query(`TRUNCATE organization CASCADE`);
  await client.query(`SELECT setseed(0.42)`);
  await client.query(
    `INSERT INTO organization (name, slug)
     SELECT 'Bench ' || i, 'bench-' || i FROM generate_series(1, $1) i`,
    [options.organizations],
  );
  for (const name of ['deal', 'company', 'person', 'note']) {
    await client.query(
      `INSERT INTO object_definition (organization_id, name, label_singular, label_plural, properties, json_schema)
       SELECT id, $1, $1, $1 || 's', '[]', '{}' FROM organization`,
      [name],
    );
  }
  // The record's code is unique (a containment lookup finds one); a rare word matches ~0.2%.
  await client.query(
    `INSERT INTO record (organization_id, object_definition_id, properties, display_name, search_vector)
     SELECT d.organization_id, d.id, p.properties, p.properties->>'name',
            to_tsvector('simple', (p.properties->>'name') || ' ' || (p.properties->>'description'))
       FROM (SELECT i, jsonb_build_object(
                      'code', 'C' || i,
                      'stage', (ARRAY['new','qualified','proposal','won','lost','parked'])[1 + i % 6],
                      'amount', (random() * 100000)::int,
                      'name', 'Deal ' || i,
                      'description', (SELECT string_agg(w, ' ') FROM (
                         SELECT ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int] AS w
                           FROM generate_series(1, 12 + (i % 5))) words)
                        || CASE WHEN i % 500 = 0 THEN ' zephyr' ELSE '' END) AS properties
               FROM generate_series(1, $1::int) i) p
       JOIN LATERAL (SELECT id, organization_id FROM object_definition
                      WHERE name = 'deal'
                      ORDER BY organization_id OFFSET p.i % $3::int LIMIT 1) d ON true`,
    [options.records, WORDS, options.organizations],
  );
  // Every record links to the next one of its organization.
  await client.query(
    `INSERT INTO association (organization_id, association_type, from_record_id, to_record_id)
     SELECT organization_id, 'deal_to_deal', id, next_id FROM (
       SELECT organization_id, id, lead(id) OVER (PARTITION BY organization_id ORDER BY id) AS next_id
         FROM record) r
      WHERE next_id IS NOT NULL`,
  );
  await client.query('COMMIT');
}

async function setRls(client, isOn) {
  for (const table of TABLES) {
    await client.query(`DROP POLICY IF EXISTS bench_organization ON ${table}`);
    if (isOn) {
      await client.query(
        `CREATE POLICY bench_organization ON ${table}
           USING (organization_id = current_setting('plinth.organization_id', true)::uuid)`,
      );
      await client.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await client.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
    } else {
      await client.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await client.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}

/** One lookup per scenario, with parameters of one organization (the same for both sides). */
async function scenarios(client) {
  const { rows } = await client.query(
    `SELECT r.organization_id, r.object_definition_id, r.id, r.properties->>'code' AS code,
            a.association_type, a.from_record_id
       FROM record r JOIN association a ON a.from_record_id = r.id
      ORDER BY r.id LIMIT 1`,
  );
  const [sample] = rows;
  return {
    organizationId: sample.organization_id,
    list: [
      {
        name: 'record: JSONB containment (one by code)',
        sql: `SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2
                AND properties @> $3::jsonb LIMIT 25`,
        params: [sample.organization_id, sample.object_definition_id, { code: sample.code }],
      },
      {
        name: 'record: JSONB containment (stage, 1/6)',
        sql: `SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2
                AND properties @> '{"stage":"won"}' ORDER BY created_at DESC, id DESC LIMIT 25`,
        params: [sample.organization_id, sample.object_definition_id],
      },
      {
        name: 'record: full-text (rare word prefix)',
        sql: `SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2
                AND search_vector @@ to_tsquery('simple', 'zephy:*') LIMIT 25`,
        params: [sample.organization_id, sample.object_definition_id],
      },
      {
        name: 'record: by id',
        sql: `SELECT * FROM record WHERE organization_id = $1 AND id = $2`,
        params: [sample.organization_id, sample.id],
      },
      {
        name: 'object_definition: by name',
        sql: `SELECT * FROM object_definition WHERE organization_id = $1 AND name = 'deal'`,
        params: [sample.organization_id],
      },
      {
        name: 'object_definition: all of the organization',
        sql: `SELECT id, name FROM object_definition WHERE organization_id = $1 ORDER BY name`,
        params: [sample.organization_id],
      },
      {
        name: 'association: links from a record',
        sql: `SELECT to_record_id FROM association
               WHERE organization_id = $1 AND association_type = $2 AND from_record_id = $3`,
        params: [sample.organization_id, sample.association_type, sample.from_record_id],
      },
    ],
  };
}

/** Median milliseconds of `iterations` lookups, each in a transaction that sets the organization. */
async function time(client, organizationId, scenario) {
  const samples = [];
  for (let i = 0; i < options.iterations; i++) {
    const start = process.hrtime.bigint();
    await client.query('BEGIN');
    await client.query(`SELECT set_config('plinth.organization_id', $1, true)`, [organizationId]);
    await client.query(scenario.sql, scenario.params);
    await client.query('COMMIT');
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

async function plan(client, organizationId, scenario) {
  await client.query('BEGIN');
  await client.query(`SELECT set_config('plinth.organization_id', $1, true)`, [organizationId]);
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${scenario.sql}`, scenario.params);
  await client.query('COMMIT');
  const nodes = [];
  const walk = (node) => {
    const index = node['Index Name'] ? ` ${node['Index Name']}` : '';
    nodes.push(`${node['Node Type']}${index}`);
    (node.Plans ?? []).forEach(walk);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return nodes.filter((node) => /Scan/.test(node)).join(' + ');
}

async function measure(appUrl) {
  const owner = new pg.Client({ connectionString: database.url });
  const app = new pg.Client({ connectionString: appUrl });
  await owner.connect();
  await app.connect();
  try {
    const { organizationId, list } = await scenarios(app);
    const { rows } = await app.query(
      `SELECT count(*)::int AS n FROM record WHERE organization_id = $1`,
      [organizationId],
    );
    log(
      `${options.records} records, ${rows[0].n} in the measured organization; as ${new URL(appUrl).username}`,
    );
    const results = new Map(list.map((scenario) => [scenario.name, { off: [], on: [] }]));
    const plans = new Map();
    for (let run = 0; run < options.runs; run++) {
      for (const side of run % 2 ? ['on', 'off'] : ['off', 'on']) {
        await setRls(owner, side === 'on');
        for (const scenario of list) {
          await time(app, organizationId, scenario); // warm-up
          results.get(scenario.name)[side].push(await time(app, organizationId, scenario));
          plans.set(`${scenario.name}/${side}`, await plan(app, organizationId, scenario));
        }
      }
      log(`run ${run + 1}/${options.runs} done`);
    }
    await setRls(owner, false);
    printTable(
      `Median of ${options.runs} runs × ${options.iterations} lookups (ms, BEGIN + set_config + query + COMMIT)`,
      list.map(({ name }) => {
        const { off, on } = results.get(name);
        return {
          lookup: name,
          'no RLS': median(off).toFixed(3),
          RLS: median(on).toFixed(3),
          'RLS/no': (median(on) / median(off)).toFixed(2),
          'plan without': plans.get(`${name}/off`),
          'plan with RLS': plans.get(`${name}/on`),
        };
      }),
    );
  } finally {
    await app.end();
    await owner.end();
  }
}
