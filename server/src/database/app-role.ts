import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

const logger = new Logger('Database');
/** The role the app connects as on the embedded PostgreSQL: not a superuser. */
export const APP_ROLE = 'plinth_app';
/** Beside the cluster's files; readable by the owner only. */
export const APP_ROLE_PASSWORD_FILE = `${APP_ROLE}.password`;
/** Same lock as the migrations: the role is set up right after them, never concurrently. */
const SETUP_LOCK = 7_413_001;

/**
 * The app role's password: read from `<pgdata>/plinth_app.password`, or generated (32 random
 * bytes) and written there with mode 0600 on first use. Concurrent first starts keep one.
 */
export async function appRolePassword(pgdata: string): Promise<string> {
  const file = join(pgdata, APP_ROLE_PASSWORD_FILE);
  const generated = randomBytes(32).toString('base64url');
  try {
    await writeFile(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
  // Written by an earlier start (or a concurrent one): keep it, and keep it private.
  await chmod(file, 0o600);
  const password = (await readFile(file, 'utf8')).trim();
  if (password === '') {
    throw new Error(`${file} is empty: delete it and start again to get a new password`);
  }
  return password;
}

/**
 * Makes `role` (LOGIN, NOSUPERUSER, NOCREATEDB, NOCREATEROLE, password `password`) the owner of
 * every table, view and free-standing sequence in the `public` schema of the database `ownerUrl`
 * points at. Owning the tables lets the app build its runtime expression indexes
 * (property-indexes/); it needs nothing else a superuser has. Migrations keep running as the
 * superuser (extensions, functions), and this runs after them on every start, so objects a new
 * migration created, or a data folder of an older version whose app connected as `postgres`, are
 * handed over in place. Returns the connection string of the same database as `role`.
 */
export async function prepareAppRole(
  ownerUrl: string,
  password: string,
  role = APP_ROLE,
): Promise<string> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
    const quoted = client.escapeIdentifier(role);
    const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (found.rowCount === 0) {
      await client.query(`CREATE ROLE ${quoted} LOGIN`);
      logger.log(`Created the database role ${role} the app connects as`);
    }
    // Utility statements take no parameters; the password is base64url (escaped all the same).
    await client.query(
      `ALTER ROLE ${quoted} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
    );
    const { rows } = await client.query<{ database: string }>(
      'SELECT current_database() AS database',
    );
    const database = client.escapeIdentifier(rows[0]!.database);
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${quoted}`);
    // CREATE: an index is created in its table's schema, which PostgreSQL checks (15+).
    await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${quoted}`);
    await handOver(client, role);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

/**
 * Tables, partitioned tables, views, materialized views and sequences not owned by a column (those
 * follow their table) in `public`, except an extension's, go to `role`; a table's indexes follow it.
 */
async function handOver(client: Client, role: string): Promise<void> {
  const { rows } = await client.query<{ name: string; kind: string }>(
    `SELECT c.oid::regclass::text AS name, c.relkind AS kind
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
        AND NOT EXISTS (
          SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
             AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))`,
    [role],
  );
  const quoted = client.escapeIdentifier(role);
  for (const { name, kind } of rows) {
    const noun =
      kind === 'S'
        ? 'SEQUENCE'
        : kind === 'v'
          ? 'VIEW'
          : kind === 'm'
            ? 'MATERIALIZED VIEW'
            : 'TABLE';
    // regclass::text is already quoted where needed.
    await client.query(`ALTER ${noun} ${name} OWNER TO ${quoted}`);
  }
  if (rows.length > 0) {
    logger.log(`Handed ${rows.length} tables and sequences to the database role ${role}`);
  }
}

/** Whether the connection's user is a superuser (an app should not connect as one). */
export async function isSuperuser(dataSource: DataSource): Promise<boolean> {
  const rows = await dataSource.query<Array<{ is_superuser: boolean }>>(
    `SELECT rolsuper AS is_superuser FROM pg_roles WHERE rolname = current_user`,
  );
  return rows[0]?.is_superuser === true;
}
