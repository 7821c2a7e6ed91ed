// The database side of the query benchmark: which deals exist, seeding them when missing, the
// server's background index builds, and the records the write scenarios leave behind.
import { allowHistoryImport, seedDeals } from './deals.mjs';
import { log, timed } from './support.mjs';

/** Marks the records the write scenarios create, so they are deleted afterwards. */
export const MARKER = 'bench: created by query.bench.mjs';

export async function dealScope(client) {
  const { rows } = await client.query(
    `SELECT d.id AS "definitionId", d.organization_id AS "organizationId"
       FROM object_definition d JOIN organization o ON o.id = d.organization_id
      WHERE o.slug = 'default' AND d.name = 'deal'`,
  );
  if (!rows[0]) {
    throw new Error('no deal definition in the default organization');
  }
  return rows[0];
}

export async function countDeals(client, scope) {
  const { rows } = await client.query(
    `SELECT count(*)::int AS total FROM record
      WHERE organization_id = $1 AND object_definition_id = $2 AND archived_at IS NULL`,
    [scope.organizationId, scope.definitionId],
  );
  return rows[0].total;
}

export async function deleteMarked(client, scope) {
  const { rowCount } = await client.query(
    `DELETE FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND properties @> $3`,
    [scope.organizationId, scope.definitionId, JSON.stringify({ next_step: MARKER })],
  );
  return rowCount;
}

export async function prepareData(client, server, scope, options) {
  const seed = { seeded: 0 };
  if (options.fresh) {
    log('--fresh: deleting every deal…');
    await client.query(
      'DELETE FROM record WHERE organization_id = $1 AND object_definition_id = $2',
      [scope.organizationId, scope.definitionId],
    );
  }
  await allowHistoryImport(server.base);
  const leftovers = await deleteMarked(client, scope);
  const existing = await countDeals(client, scope);
  if (existing < options.records) {
    log(
      `Seeding ${(options.records - existing).toLocaleString('en')} deals through the bulk path…`,
    );
    const { ms, result } = await timed(() =>
      seedDeals(server.base, {
        from: existing,
        to: options.records,
        parallel: options['seed-parallel'],
      }),
    );
    Object.assign(seed, {
      seeded: options.records - existing,
      seconds: ms / 1000,
      recordsPerSecond: result,
    });
  }
  seed.indexWaitSeconds = await waitForIndexBuilds(client);
  if (existing < options.records || options.fresh || leftovers > 0) {
    const vacuum = await timed(() => client.query('VACUUM ANALYZE record'));
    seed.vacuumAnalyzeSeconds = vacuum.ms / 1000;
    log(`VACUUM ANALYZE record: ${(vacuum.ms / 1000).toFixed(1)} s`);
  }
  const total = await countDeals(client, scope);
  if (total > options.records) {
    log(
      `Note: the object holds ${total.toLocaleString('en')} deals (more than --records); measuring those.`,
    );
  }
  return { seed, total };
}

/**
 * The server builds its runtime indexes in the background (CREATE INDEX CONCURRENTLY, one after
 * another): measuring before they exist would time the wrong plans. Waits until none has been
 * building for a few seconds.
 */
export async function waitForIndexBuilds(client) {
  const started = Date.now();
  let lastLog = 0;
  for (let quiet = 0; quiet < 4;) {
    const { rows } = await client.query(
      `SELECT c.relname AS name, p.phase, p.blocks_done, p.blocks_total
         FROM pg_stat_progress_create_index p LEFT JOIN pg_class c ON c.oid = p.index_relid`,
    );
    quiet = rows.length === 0 ? quiet + 1 : 0;
    if (rows.length > 0 && Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      const building = rows.map((r) => `${r.name ?? '?'} (${r.phase})`).join(', ');
      log(`  waiting for the server's index builds: ${building}`);
    }
    await new Promise((wait) => setTimeout(wait, 1000));
  }
  return (Date.now() - started) / 1000;
}

export async function recordIndexes(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS name, i.indisvalid AS "isValid", pg_relation_size(c.oid) AS bytes,
            pg_get_indexdef(c.oid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'record'::regclass ORDER BY c.relname`,
  );
  return rows.map((row) => ({ ...row, bytes: Number(row.bytes) }));
}

export async function sampleIds(client, scope) {
  const { rows } = await client.query(
    `SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND archived_at IS NULL
      ORDER BY random() LIMIT 5000`,
    [scope.organizationId, scope.definitionId],
  );
  return rows.map((row) => row.id);
}

/**
 * Drops the server's runtime indexes (`rx_…`), so that on start it builds them again as its
 * current code defines them: a cluster kept between runs otherwise keeps indexes an older build
 * made (the server creates them IF NOT EXISTS, by name).
 */
export async function dropRuntimeIndexes(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = to_regclass('record') AND c.relname LIKE 'rx\\_%'`,
  );
  for (const { name } of rows) {
    await client.query(`DROP INDEX IF EXISTS ${client.escapeIdentifier(name)}`);
  }
  return rows.length;
}
