// Many organizations (issue 18, item 6): the server's start-up time with N organizations, the
// latency of each organization's first request after that start (a create of one task, the
// organizations touched one after the other, each once) and the server's RSS once all were used,
// beside the same insert as raw SQL on a pg connection. Usage:
//   npm run bench:organizations -- --organizations 10000 --concurrency 4
// The organizations are created the way the product does: the bench's user (the default
// organization's owner, PLINTH_ADMIN_EMAIL) signs in and creates each through POST
// /api/organizations, then makes an admin API key in it (POST /api/api-keys); the keys are kept in
// .plinth/<pgdata>-keys.json beside the data folder, so a second run reuses both. Start-up is the
// time from spawning the server until /api/health answers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { processMemoryMb } from './load.mjs';
import {
  log,
  markdownTable,
  parseArgs,
  percentile,
  printTable,
  startDatabase,
  startServer,
  withClient,
} from './support.mjs';

const options = parseArgs({
  organizations: 10_000,
  concurrency: 4,
  restarts: 1,
  pgdata: 'bench-organizations-pgdata',
});
const ADMIN = { email: 'bench-owner@example.com', password: 'bench-owner-password-1' };
const ENV = { PLINTH_ADMIN_EMAIL: ADMIN.email, PLINTH_ADMIN_PASSWORD: ADMIN.password };
const RUN_ID = Date.now().toString(36);
const keysFile = resolve(import.meta.dirname, '..', '.plinth', `${options.pgdata}-keys.json`);

async function call(base, path, { headers = {}, body, method = 'POST' } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(
      `${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  }
  return response;
}

/** The bench user's session headers (a member's: it may create organizations). */
async function signIn(base) {
  const response = await call(base, '/api/auth/login', { body: ADMIN });
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, 'x-requested-with': 'XMLHttpRequest' };
}

/**
 * An admin key of a new organization. With several creations in flight the server's cache of the
 * user's memberships may have been refilled without the new one (a load that started before it
 * committed), so the organization is not found yet: the next creation drops that cache; wait.
 */
async function makeKey(base, session, organizationId) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(base, '/api/api-keys', {
        headers: { ...session, 'x-organization-id': organizationId },
        body: { name: 'bench', role: 'admin' },
      });
    } catch (error) {
      if (attempt >= 50 || !String(error).includes('answered 404')) {
        throw error;
      }
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
}

/** Organizations (with an admin key each) until there are `wanted`, `concurrency` at a time. */
async function createOrganizations(base, wanted) {
  const made = existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, 'utf8')) : [];
  if (made.length >= wanted) {
    return made.slice(0, wanted);
  }
  const session = await signIn(base);
  const started = Date.now();
  let next = made.length;
  const worker = async () => {
    while (next < wanted) {
      const index = next++;
      const slug = `bench-${RUN_ID}-${index}`;
      const organization = await (
        await call(base, '/api/organizations', { headers: session, body: { name: slug, slug } })
      ).json();
      const { key } = await (await makeKey(base, session, organization.id)).json();
      made.push({ id: organization.id, key });
      if (made.length % 500 === 0) {
        writeFileSync(keysFile, JSON.stringify(made));
        const rate = (made.length / (Date.now() - started)) * 1000;
        log(`  ${made.length.toLocaleString()} organizations (${rate.toFixed(0)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  writeFileSync(keysFile, JSON.stringify(made));
  return made.slice(0, wanted);
}

/**
 * Memory of the server's processes (the primary and its workers), in MB: VmRSS and its high-water
 * mark VmHWM, summed and of the largest process (the worker holding the caches).
 */
function rssMb(pid) {
  const each = processMemoryMb(pid);
  const sum = (key) => each.reduce((total, one) => total + one[key], 0);
  const largest = (key) => Math.max(...each.map((one) => one[key]));
  return {
    processes: each.length,
    rss: sum('rss'),
    peak: sum('peak'),
    largestRss: largest('rss'),
    largestPeak: largest('peak'),
  };
}

const task = (index) => ({ title: `Task ${index}`, status: 'todo', priority: 'medium' });

/** One create per organization, one after the other: each is that organization's first request. */
async function touchAll(base, organizations) {
  const ms = [];
  for (const [index, { key }] of organizations.entries()) {
    const started = process.hrtime.bigint();
    await call(base, '/api/objects/task', {
      headers: { authorization: `Bearer ${key}` },
      body: task(index),
    });
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}

/** The same insert as raw SQL on one connection, once per organization. */
async function rawInserts(url, organizations) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT organization_id, id FROM object_definition
        WHERE name = 'task' AND organization_id = ANY($1::uuid[])`,
      [organizations.map(({ id }) => id)],
    );
    const ms = [];
    for (const [index, row] of rows.entries()) {
      const started = process.hrtime.bigint();
      await client.query(
        `INSERT INTO record (organization_id, object_definition_id, properties, display_name)
         VALUES ($1, $2, $3, $4) RETURNING id, properties, created_at, updated_at`,
        [row.organization_id, row.id, task(index), `Task ${index}`],
      );
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return ms.sort((a, b) => a - b);
  });
}

const fixed = (value) => value.toFixed(1);

async function main() {
  const database = await startDatabase({ folder: options.pgdata });
  try {
    let server = await startServer(database.url, { withApiKey: false, env: ENV });
    let organizations;
    try {
      organizations = await createOrganizations(server.base, options.organizations);
    } finally {
      await server.stop();
    }
    const total = await withClient(database.url, async (client) => {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM organization');
      return rows[0].n;
    });
    log(`${total.toLocaleString()} organizations in the database; ${organizations.length} used`);
    const startups = [];
    for (let restart = 1; restart < options.restarts; restart++) {
      server = await startServer(database.url, { withApiKey: false, env: ENV });
      startups.push(server);
      await server.stop();
    }
    server = await startServer(database.url, { withApiKey: false, env: ENV });
    startups.push(server);
    log(`started in ${fixed(server.startupMs)} ms; touching each organization once`);
    let rows;
    try {
      const afterStart = rssMb(server.pid);
      const ours = await touchAll(server.base, organizations);
      const used = rssMb(server.pid);
      const raw = await rawInserts(database.url, organizations);
      rows = [
        {
          figure: 'start-up to the first answer (spawn → /api/health: the lead serves), ms',
          plinth: startups.map((start) => fixed(start.firstAnswerMs)).join(', '),
          'raw pg': '',
        },
        {
          figure: `start-up until every worker listens (${afterStart.processes - 1} workers), ms`,
          plinth: startups.map((start) => fixed(start.startupMs)).join(', '),
          'raw pg': '',
        },
        {
          figure: 'first request (create a task) p50, ms',
          plinth: fixed(percentile(ours, 50)),
          'raw pg': fixed(percentile(raw, 50)),
        },
        {
          figure: 'first request p95, ms',
          plinth: fixed(percentile(ours, 95)),
          'raw pg': fixed(percentile(raw, 95)),
        },
        {
          figure: 'first request max, ms',
          plinth: fixed(ours.at(-1)),
          'raw pg': fixed(raw.at(-1)),
        },
        {
          figure: `RSS after start (${afterStart.processes} processes together / the largest), MB`,
          plinth: `${fixed(afterStart.rss)} / ${fixed(afterStart.largestRss)}`,
          'raw pg': '',
        },
        {
          figure: `RSS after ${organizations.length.toLocaleString()} organizations used (together / the largest), MB`,
          plinth: `${fixed(used.rss)} / ${fixed(used.largestRss)}`,
          'raw pg': '',
        },
        {
          figure: 'peak RSS (together / the largest), MB',
          plinth: `${fixed(used.peak)} / ${fixed(used.largestPeak)}`,
          'raw pg': '',
        },
      ];
    } finally {
      await server.stop();
    }
    printTable(`${total.toLocaleString()} organizations`, rows);
    log(`\n${markdownTable(rows)}`);
  } finally {
    await database.stop();
  }
}

await main();
