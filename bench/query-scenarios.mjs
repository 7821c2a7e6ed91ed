// The query benchmark's scenarios: each is one request shape through our HTTP API and the same
// work as raw SQL through `pg` on the same table (what a developer would write by hand, with the
// server's typed expressions so the same indexes apply), plus the issue's target for it.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { BATCH_SIZE, deal, dealBatch, SEARCH_WORDS, STAGES } from './deals.mjs';

const COLUMNS = 'r.id, r.properties, r.created_at, r.updated_at, r.version';
const SCOPE = 'r.organization_id = $1 AND r.object_definition_id = $2 AND r.archived_at IS NULL';

/**
 * What the database offers the raw side: the query engine's never-failing casts and full-text
 * column when its migration ran, plain casts and ILIKE before it.
 */
export async function detectDialect(client) {
  const { rows } = await client.query(
    `SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'plinth_numeric') AS "hasCasts",
            EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'plinth_number') AS "hasNumber",
            EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_name = 'record' AND column_name = 'search_vector') AS "hasSearchVector"`,
  );
  const { hasCasts, hasNumber, hasSearchVector } = rows[0];
  return {
    hasCasts,
    hasSearchVector,
    // The expressions the runtime indexes are built on (property-expressions.ts), so that the raw
    // side's filters and sorts can use the same indexes as ours.
    numeric: (key) =>
      hasNumber
        ? `plinth_number(r.properties->>'${key}')`
        : hasCasts
          ? `plinth_numeric(r.properties->>'${key}')`
          : `(r.properties->>'${key}')::numeric`,
    // ISO dates order as text (cut to 64 characters in the index); before the query engine the
    // server cast them.
    date: (key) =>
      hasNumber
        ? `left(r.properties->>'${key}', 64)`
        : hasCasts
          ? `(r.properties->>'${key}')`
          : `(r.properties->>'${key}')::date`,
    searchVector: (properties, displayName) =>
      `to_tsvector('simple', plinth_unaccent(concat_ws(' ', ${displayName},
         (SELECT string_agg(value, ' ') FROM jsonb_each_text(${properties}) WHERE length(value) < 10000))))`,
  };
}

const path = (query) =>
  `/api/objects/deal?${Object.entries(query)
    .map(([key, value]) => `${key}=${encodeURIComponent(JSON.stringify(value))}`)
    .join('&')}`;

// The server's own limits (`npm run bench` builds it first), so both sides count and rank alike.
const require = createRequire(import.meta.url);
const dist = resolve(import.meta.dirname, '../server/dist/src');
/** Lists count up to this many matches, then answer PostgreSQL's estimate. */
const { EXACT_COUNT_LIMIT, MAX_OFFSET } = require(`${dist}/common/http/list-query.js`);
/** Full-text ranking considers the newest this many matches. */
const { RANK_WINDOW } = require(`${dist}/records/record-sql.js`);

/**
 * A list as our server answers it: the page and the total at once; the total counted up to the
 * exact-count limit, beyond it the planner's estimate (EXPLAIN), as the server does.
 */
async function rawList(
  pool,
  scope,
  { where = 'true', params = [], order, limit = 25, offset = 0, from },
) {
  const values = [scope.organizationId, scope.definitionId, ...params];
  const filter = `${SCOPE} AND ${where}`;
  const matches = `SELECT 1 FROM record r WHERE ${filter}`;
  const [page, counted] = await Promise.all([
    pool.query(
      `SELECT ${COLUMNS} FROM ${from ? from(filter) : `record r WHERE ${filter}`} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      values,
    ),
    pool.query(
      `SELECT count(*)::int AS total FROM (${matches} LIMIT ${EXACT_COUNT_LIMIT + 1}) m`,
      values,
    ),
  ]);
  if (counted.rows[0].total > EXACT_COUNT_LIMIT) {
    await pool.query(`EXPLAIN (FORMAT JSON) ${matches}`, values);
  }
  return page;
}

/** The newest matches full-text ranking considers (the server's rank window). */
const rankWindow = (filter) =>
  `(SELECT r.* FROM record r WHERE ${filter} ORDER BY r.created_at DESC, r.id DESC LIMIT ${RANK_WINDOW}) r`;

const search = (body) => ({
  method: 'POST',
  path: '/api/objects/deal/search',
  body: JSON.stringify(body),
});

function rotate(list) {
  let i = 0;
  return () => list[i++ % list.length];
}

/** Every scenario, in the order they run (reads first; writes last, then cleaned up). */
export function buildScenarios({ pool, scope, dialect, ids, deepOffset, marker, bulkParallel }) {
  const stage = rotate(STAGES);
  const word = rotate(SEARCH_WORDS);
  const threshold = rotate([86, 88, 90, 92, 94]);
  const id = rotate(ids);
  let created = 0;
  const nextDeal = () => deal(10_000_000 + created++, { next_step: marker });
  const closeDate = dialect.date('close_date');
  // A list page starts at most MAX_OFFSET records in (deeper: the search endpoint's cursor, its
  // own scenario at deepOffset).
  const offsetPage = Math.min(deepOffset, MAX_OFFSET - 25);
  const insertValues = (properties, displayName) =>
    dialect.hasSearchVector ? `, ${dialect.searchVector(properties, displayName)}` : '';
  const insertColumns = dialect.hasSearchVector ? ', search_vector' : '';
  return [
    {
      // No target: the cost every request pays before its own work (Express, Nest, the API key's
      // cached context, guards, interceptors, the access log), beside one round trip to
      // PostgreSQL. The get and create targets are measured against it (bench/README.md).
      key: 'floor',
      label: 'HTTP floor: GET /api/health/live (API key, no query) → raw SELECT 1',
      ours: () => ({ path: '/api/health/live' }),
      raw: () => pool.query({ name: 'bench_floor', text: 'SELECT 1' }),
    },
    {
      key: 'get',
      label: 'get by id',
      target: { metric: 'p50', limit: 3, text: 'p50 ≤ 3 ms' },
      ours: () => ({ path: `/api/objects/deal/${id()}` }),
      // A named prepared statement, as the server's read by id is: planned once per connection
      // (planning a read of `record`, with its many partial indexes, costs more than running it).
      raw: () =>
        pool.query({
          name: 'bench_get_by_id',
          text: `SELECT ${COLUMNS} FROM record r WHERE ${SCOPE} AND r.id = $3`,
          values: [scope.organizationId, scope.definitionId, id()],
        }),
    },
    {
      key: 'list-indexed',
      label: 'list: filter stage + sort close_date (indexed), with total',
      target: {
        metric: 'p95',
        limit: 50,
        text: 'p95 ≤ 50 ms',
        also: { limit: 100, text: 'list + total p95 ≤ 100 ms' },
      },
      ours: () => ({
        path: path({ filter: { stage: stage() }, sort: ['close_date', 'ASC'], range: [0, 24] }),
      }),
      // `… IS NOT NULL` lets the partial runtime index on close_date serve the order, as the
      // server reads the records that have the sort property first; every seeded deal has one,
      // so the answer is the same.
      raw: () =>
        rawList(pool, scope, {
          where: `r.properties @> $3::jsonb AND ${closeDate} IS NOT NULL`,
          params: [JSON.stringify({ stage: stage() })],
          order: `${closeDate} ASC, r.id ASC`,
        }),
    },
    {
      key: 'list-unindexed',
      label: 'list: filter probability_gte + sort amount (not indexed), with total',
      target: { metric: 'p95', limit: 1500, text: 'p95 ≤ 1.5 s' },
      ours: () => ({
        path: path({
          filter: { probability_gte: threshold() },
          sort: ['amount', 'DESC'],
          range: [0, 24],
        }),
      }),
      raw: () =>
        rawList(pool, scope, {
          where: `${dialect.numeric('probability')} >= $3::numeric`,
          params: [threshold()],
          order: `${dialect.numeric('amount')} DESC NULLS LAST, r.id DESC`,
        }),
    },
    {
      key: 'search',
      label: 'full-text search (filter q), with total',
      target: { metric: 'p95', limit: 100, text: 'p95 ≤ 100 ms' },
      ours: () => ({ path: path({ filter: { q: word() }, range: [0, 24] }) }),
      raw: () => {
        if (!dialect.hasSearchVector) {
          const fields = ['name', 'next_step', 'competitor', 'description'];
          return rawList(pool, scope, {
            where: `(${['r.display_name', ...fields.map((f) => `(r.properties->>'${f}')`)]
              .map((column) => `${column} ILIKE $3`)
              .join(' OR ')})`,
            params: [`%${word()}%`],
            order: 'r.created_at DESC, r.id DESC',
          });
        }
        const query = `to_tsquery('simple', plinth_unaccent($3))`;
        return rawList(pool, scope, {
          where: `r.search_vector @@ ${query}`,
          params: [`${word()}:*`],
          order: `ts_rank(r.search_vector, ${query}) DESC, r.id DESC`,
          from: rankWindow,
        });
      },
    },
    {
      key: 'count',
      label: 'count with filter (stage + close_date_gte, range [0,0])',
      target: { metric: 'p95', limit: 100, text: 'list + total p95 ≤ 100 ms' },
      ours: () => ({
        path: path({ filter: { stage: stage(), close_date_gte: '2025-01-01' }, range: [0, 0] }),
      }),
      raw: () =>
        rawList(pool, scope, {
          where: `r.properties @> $3::jsonb AND ${closeDate} >= $4${dialect.hasCasts ? '' : '::date'}`,
          params: [JSON.stringify({ stage: stage() }), '2025-01-01'],
          order: 'r.created_at DESC, r.id DESC',
          limit: 1,
        }),
    },
    {
      key: 'deep-offset',
      label: `deep page: offset ${offsetPage.toLocaleString('en')} (default sort), with total`,
      target: { metric: 'p95', limit: 50, text: 'page at any depth ≤ 50 ms' },
      ours: () => ({ path: path({ range: [offsetPage, offsetPage + 24] }) }),
      raw: () =>
        rawList(pool, scope, {
          order: 'r.created_at DESC, r.id DESC',
          offset: offsetPage,
        }),
    },
    {
      key: 'create',
      label: 'create one deal',
      isWrite: true,
      expectStatus: 201,
      target: { metric: 'rpsRatio', limit: 0.5, text: 'req/s ≥ 50% of raw INSERT' },
      ours: () => ({ method: 'POST', path: '/api/objects/deal', body: JSON.stringify(nextDeal()) }),
      raw: () => {
        const properties = nextDeal();
        return pool.query(
          `INSERT INTO record AS r (organization_id, object_definition_id, properties, display_name${insertColumns})
           VALUES ($1, $2, $3::jsonb, $4${insertValues('$3::jsonb', '$4::text')}) RETURNING ${COLUMNS}`,
          [scope.organizationId, scope.definitionId, JSON.stringify(properties), properties.name],
        );
      },
    },
    {
      key: 'update',
      label: 'update one deal (PATCH probability + next step)',
      isWrite: true,
      expectStatus: 200,
      target: { metric: 'rpsRatio', limit: 0.3, text: 'req/s ≥ 30% of raw UPDATE' },
      ours: () => ({
        method: 'PATCH',
        path: `/api/objects/deal/${id()}`,
        body: JSON.stringify({ probability: threshold(), next_step: marker }),
      }),
      raw: () =>
        pool.query(
          `UPDATE record AS r SET properties = r.properties || $4::jsonb, version = r.version + 1, updated_at = now()
            WHERE ${SCOPE} AND r.id = $3 RETURNING ${COLUMNS}`,
          [
            scope.organizationId,
            scope.definitionId,
            id(),
            JSON.stringify({ probability: threshold(), next_step: marker }),
          ],
        ),
    },
    {
      key: 'board',
      label: 'board column: first 50 deals of a stage of the sales pipeline, with total',
      connections: 1,
      target: { metric: 'p95', limit: 300, text: 'p95 ≤ 300 ms (one connection)' },
      ours: () => ({
        path: path({
          filter: { pipeline: 'sales', stage: stage() },
          sort: ['updated_at', 'DESC'],
          range: [0, 49],
        }),
      }),
      raw: () =>
        rawList(pool, scope, {
          where: 'r.properties @> $3::jsonb',
          params: [JSON.stringify({ pipeline: 'sales', stage: stage() })],
          order: 'r.updated_at DESC, r.id DESC',
          limit: 50,
        }),
    },
    {
      key: 'bulk',
      label: `bulk create (${BATCH_SIZE.toLocaleString('en')} per request, ${bulkParallel} in parallel)`,
      isWrite: true,
      isBulk: true,
      connections: bulkParallel,
      expectStatus: 201,
      target: { metric: 'recordsPerSecond', limit: 20_000, text: '≥ 20,000 records/s' },
      ours: () => ({
        method: 'POST',
        path: '/api/objects/deal/batch',
        body: JSON.stringify(
          dealBatch(20_000_000 + (created += BATCH_SIZE), BATCH_SIZE, { next_step: marker }),
        ),
      }),
      raw: () => {
        const batch = dealBatch(20_000_000 + (created += BATCH_SIZE), BATCH_SIZE, {
          next_step: marker,
        });
        return pool.query(
          `INSERT INTO record AS r (organization_id, object_definition_id, properties, display_name${insertColumns})
           SELECT $1, $2, x.properties, x.display_name${insertValues('x.properties', 'x.display_name')}
             FROM unnest($3::jsonb[], $4::text[]) AS x(properties, display_name)
           RETURNING ${COLUMNS}`,
          [
            scope.organizationId,
            scope.definitionId,
            batch.map((d) => JSON.stringify(d)),
            batch.map((d) => d.name),
          ],
        );
      },
    },
  ];
}

/**
 * POST /api/objects/deal/search, when it exists: a full-text query (ranked, no total) and a
 * keyset page `after` a cursor at the deep offset's depth (`deepCursor`, built by the caller).
 */
export function searchEndpointScenarios({ pool, scope, dialect, deepCursor, deepOffset }) {
  const word = rotate(SEARCH_WORDS);
  const query = `to_tsquery('simple', plinth_unaccent($3))`;
  const scenarios = [
    {
      key: 'search-endpoint',
      label: 'search endpoint: query (ranked, no total)',
      target: { metric: 'p95', limit: 100, text: 'p95 ≤ 100 ms' },
      ours: () => search({ query: word(), limit: 25 }),
      raw: () =>
        pool.query(
          `SELECT ${COLUMNS} FROM ${rankWindow(`${SCOPE} AND r.search_vector @@ ${query}`)}
            ORDER BY ts_rank(r.search_vector, ${query}) DESC, r.id DESC LIMIT 26`,
          [scope.organizationId, scope.definitionId, `${word()}:*`],
        ),
    },
  ];
  if (deepCursor) {
    scenarios.push({
      key: 'search-cursor',
      label: `search endpoint: page after a cursor at ${deepOffset.toLocaleString('en')}`,
      target: { metric: 'p95', limit: 50, text: 'page at any depth ≤ 50 ms' },
      ours: () => search({ limit: 25, after: deepCursor.after }),
      raw: () =>
        pool.query(
          `SELECT ${COLUMNS} FROM record r WHERE ${SCOPE}
              AND (r.created_at, r.id) < ($3::timestamptz, $4::uuid)
            ORDER BY r.created_at DESC, r.id DESC LIMIT 26`,
          [scope.organizationId, scope.definitionId, ...deepCursor.keys],
        ),
    });
  }
  return dialect.hasSearchVector ? scenarios : [];
}
