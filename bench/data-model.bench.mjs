// Runtime data modelling at scale: on an object with N records (default 1,000,000), times adding
// a property, adding an enumeration option and a refused type change (the data check), each
// through the HTTP API, beside the same work done through raw `pg`. Usage:
//   npm run bench:data-model -- --records 1000000 --runs 3
import {
  apiHeaders,
  log,
  median,
  parseArgs,
  printTable,
  startDatabase,
  startServer,
  timed,
  withClient,
} from './support.mjs';

const { records, runs } = parseArgs({ records: 1_000_000, runs: 3 });
const OBJECT = 'bench_shipment';
const HEADERS = () => apiHeaders({ 'Content-Type': 'application/json' });

const definition = {
  name: OBJECT,
  labels: { singular: 'Bench shipment', plural: 'Bench shipments' },
  primary_display_property: 'tracking_number',
  properties: [
    { name: 'tracking_number', type: 'text', label: 'Tracking number', required: true },
    {
      name: 'status',
      type: 'enumeration',
      label: 'Status',
      options: [
        { value: 'pending', label: 'Pending' },
        { value: 'shipped', label: 'Shipped' },
      ],
    },
    { name: 'weight_kg', type: 'number', label: 'Weight (kg)', minimum: 0 },
  ],
};

async function api(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: HEADERS(),
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function ensureObject(base, url) {
  if ((await api(base, 'GET', `/api/object-definitions/${OBJECT}`)).status === 404) {
    const created = await api(base, 'POST', '/api/object-definitions', definition);
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  }
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT d.id, d.organization_id, (SELECT count(*)::int FROM record r WHERE r.object_definition_id = d.id) AS total
         FROM object_definition d JOIN organization o ON o.id = d.organization_id
        WHERE o.slug = 'default' AND d.name = $1`,
      [OBJECT],
    );
    return rows[0];
  });
}

async function seed(url, object, wanted) {
  const missing = wanted - object.total;
  if (missing <= 0) return;
  log(
    `Seeding ${missing.toLocaleString()} ${OBJECT} records (once; kept in .plinth/bench-pgdata)…`,
  );
  await withClient(url, async (client) => {
    for (let done = 0; done < missing; done += 100_000) {
      const size = Math.min(100_000, missing - done);
      await client.query(
        `INSERT INTO record (organization_id, object_definition_id, properties, display_name)
         SELECT $1, $2, jsonb_build_object('tracking_number', 'TRK-' || g, 'status',
                CASE WHEN g % 3 = 0 THEN 'shipped' ELSE 'pending' END, 'weight_kg', (g % 5000) / 10.0), 'TRK-' || g
           FROM generate_series($3::int, $4::int) g`,
        [object.organization_id, object.id, object.total + done + 1, object.total + done + size],
      );
      log(`  ${(object.total + done + size).toLocaleString()} / ${wanted.toLocaleString()}`);
    }
    await client.query('ANALYZE record');
  });
}

async function measure(label, runsWanted, ours, raw) {
  const oursMs = [];
  const rawMs = [];
  for (let run = 0; run < runsWanted; run++) {
    oursMs.push((await timed(() => ours(run))).ms);
    rawMs.push((await timed(() => raw(run))).ms);
  }
  const a = median(oursMs);
  const b = median(rawMs);
  return {
    operation: label,
    'plinth ms (median)': a.toFixed(1),
    'raw pg ms (median)': b.toFixed(1),
    'plinth/raw': (a / b).toFixed(2),
  };
}

const database = await startDatabase();
const server = await startServer(database.url);
try {
  const object = await ensureObject(server.base, database.url);
  await seed(database.url, object, records);
  const stamp = Date.now().toString(36);
  let options = (
    await api(server.base, 'GET', `/api/object-definitions/${OBJECT}`)
  ).body.properties.find((p) => p.name === 'status').options;
  const rows = await withClient(database.url, async (client) => [
    await measure(
      'add a property',
      runs,
      async (run) => {
        const r = await api(server.base, 'POST', `/api/object-definitions/${OBJECT}/properties`, {
          name: `note_${stamp}_${run}`,
          type: 'text',
          label: 'Note',
        });
        if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      },
      (run) =>
        client.query(
          `UPDATE object_definition SET properties = properties || $2::jsonb, version = version + 1 WHERE id = $1`,
          [
            object.id,
            JSON.stringify([{ name: `raw_${stamp}_${run}`, type: 'text', label: 'Raw' }]),
          ],
        ),
    ),
    await measure(
      'add an enumeration option',
      runs,
      async (run) => {
        options = [...options, { value: `opt_${stamp}_${run}`, label: `Option ${run}` }];
        const r = await api(
          server.base,
          'PATCH',
          `/api/object-definitions/${OBJECT}/properties/status`,
          { options },
        );
        if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      },
      () =>
        client.query(`UPDATE object_definition SET version = version + 1 WHERE id = $1`, [
          object.id,
        ]),
    ),
    await measure(
      'refused type change (enumeration → number: data check)',
      runs,
      async () => {
        const r = await api(
          server.base,
          'PATCH',
          `/api/object-definitions/${OBJECT}/properties/status`,
          { type: 'number', options: null },
        );
        if (r.status !== 409)
          throw new Error(`expected 409, got ${r.status}: ${JSON.stringify(r.body)}`);
      },
      () =>
        client.query(
          `SELECT count(*) FROM record WHERE organization_id = $1 AND object_definition_id = $2
            AND properties ? 'status' AND jsonb_typeof(properties->'status') <> 'number'`,
          [object.organization_id, object.id],
        ),
    ),
  ]);
  printTable(
    `Runtime data modelling on ${records.toLocaleString()} records (median of ${runs}; target: add a property < 100 ms)`,
    rows,
  );
} finally {
  await server.stop();
  await database.stop();
}
