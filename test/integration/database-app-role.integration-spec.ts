import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadAppConfig } from 'src/config/app-config';
import { APP_ROLE, APP_ROLE_PASSWORD_FILE } from 'src/database/app-role';
import { createDataSource } from 'src/database/data-source';
import { connectDatabase, migrate } from 'src/database/database-connection';
import {
  discardEmbeddedCluster,
  ensureDatabase,
  startEmbeddedPostgres,
} from 'src/database/embedded-postgres';
import type { DataSource } from 'typeorm';
import { sharedTestApp } from '../support/test-app';
import { APP_SERVER_URL_VARIABLE } from '../support/test-database';

/**
 * The embedded PostgreSQL's app connects as `plinth_app`, not a superuser, and can still do all
 * the app does; a data folder of an older version (app connected as `postgres`) is upgraded.
 */
describe('Database: the app role of the embedded PostgreSQL', () => {
  let dataDir: string;
  const pgdata = (): string => join(dataDir, 'pgdata');
  const passwordFile = (): string => join(pgdata(), APP_ROLE_PASSWORD_FILE);
  const organizationId = randomUUID();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plinth-app-role-'));
    // What an earlier version left: migrated as the superuser, data written as the superuser,
    // no app role and no password file.
    const server = await startEmbeddedPostgres(dataDir);
    const old = createDataSource(await ensureDatabase(server.serverUrl, 'plinth'), 2);
    await old.initialize();
    try {
      await migrate(old);
      await old.query(`INSERT INTO organization (id, name, slug) VALUES ($1, 'Old', $2)`, [
        organizationId,
        `old-${organizationId}`,
      ]);
    } finally {
      await old.destroy();
      await server.stop();
    }
    expect(existsSync(passwordFile())).toBe(false);
  }, 120_000);

  afterAll(async () => {
    // As root the cluster lives under /var/lib/plinth (the postgres account cannot enter a
    // mkdtemp folder) and `pgdata` only links to it: removing the folder would leave it behind.
    await discardEmbeddedCluster(dataDir, 'pgdata');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('upgrades an old data folder in place: the app connects as a non-superuser that owns the tables and sees the old data', async () => {
    const connection = await connectDatabase({
      ...loadAppConfig(),
      databaseUrl: undefined,
      dataDir,
      logLevel: 'error',
    });
    try {
      const { dataSource } = connection;
      const [me] = await dataSource.query<Array<Record<string, unknown>>>(
        `SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls
           FROM pg_roles WHERE rolname = current_user`,
      );
      expect(me).toEqual({
        name: APP_ROLE,
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
      });
      expect(statSync(passwordFile()).mode & 0o777).toBe(0o600);

      const owners = await dataSource.query<Array<{ owner: string }>>(
        `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
          WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')`,
      );
      expect(owners).toEqual([{ owner: APP_ROLE }]);
      const old = await dataSource.query<Array<{ name: string }>>(
        'SELECT name FROM organization WHERE id = $1',
        [organizationId],
      );
      expect(old).toEqual([{ name: 'Old' }]);
      await expectAppWorks(dataSource);
    } finally {
      await connection.close();
    }
  }, 120_000);

  it('keeps the password across restarts and refuses the role the superuser password', async () => {
    const before = statSync(passwordFile()).mtimeMs;
    const connection = await connectDatabase({
      ...loadAppConfig(),
      databaseUrl: undefined,
      dataDir,
      logLevel: 'error',
    });
    try {
      expect(statSync(passwordFile()).mtimeMs).toBe(before);
      const url = new URL((connection.dataSource.options as { url: string }).url);
      expect(url.username).toBe(APP_ROLE);
      expect(url.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
      url.password = 'plinth';
      const guess = new Client({ connectionString: url.toString() });
      await expect(guess.connect()).rejects.toThrow(/password authentication failed/);
      await guess.end().catch(() => undefined);
    } finally {
      await connection.close();
    }
  }, 120_000);
});

describe('Database: the test harness', () => {
  it('runs test apps as the app role on the embedded server, so every test proves it is enough', async () => {
    if (!process.env[APP_SERVER_URL_VARIABLE]) {
      // TEST_DATABASE_URL: the tests run as the user it names.
      return;
    }
    const testApp = await sharedTestApp();
    try {
      const [me] = await testApp.dataSource.query<Array<{ name: string; rolsuper: boolean }>>(
        'SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      expect(me).toEqual({ name: APP_ROLE, rolsuper: false });
    } finally {
      await testApp.close();
    }
  });
});

/** What the app does beyond plain reads and writes: runtime indexes, LISTEN/NOTIFY, locks. */
async function expectAppWorks(dataSource: DataSource): Promise<void> {
  const index = `app_role_probe_${randomUUID().replaceAll('-', '')}`;
  await dataSource.query(
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${index}" ON record (object_definition_id, ((properties->>'probe')), id) WHERE properties ? 'probe'`,
  );
  await dataSource.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index}"`);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('LISTEN plinth_app_role_probe');
    await runner.query(`SELECT pg_notify('plinth_app_role_probe', 'x')`);
    await runner.query('SELECT pg_advisory_xact_lock(1)');
  } finally {
    await runner.release();
  }
  await expect(dataSource.query(`COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toThrow(
    /permission denied|must be superuser|pg_execute_server_program/,
  );
}
