import { Logger } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import type { DataSource } from 'typeorm';
import { appRolePassword, isSuperuser, prepareAppRole } from './app-role';
import { createDataSource } from './data-source';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';

const logger = new Logger('Database');
/** Serializes migrations when several Plinth processes start on one database. */
const MIGRATION_LOCK = 7_413_001;

export interface DatabaseConnection {
  dataSource: DataSource;
  /** Whether the embedded PostgreSQL is in use (and whether we started it). */
  embedded: 'none' | 'owned' | 'joined';
  close(): Promise<void>;
}

/** Applies pending migrations under an advisory lock; returns their names. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Connects to `DATABASE_URL`, or when it is unset to the embedded PostgreSQL (started here or
 * joined when another Plinth process runs it), and migrates the schema. On the embedded database
 * migrations run as the superuser and the app as the role `plinth_app` (app-role.ts), which owns
 * the tables but is no superuser.
 */
export async function connectDatabase(config: AppConfig): Promise<DatabaseConnection> {
  let url = config.databaseUrl;
  let appUrl = url;
  let embedded: DatabaseConnection['embedded'] = 'none';
  let stopEmbedded = (): Promise<void> => Promise.resolve();
  let dataFolder: string | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres(config.dataDir);
    embedded = server.isOwner ? 'owned' : 'joined';
    stopEmbedded = () => server.stop();
    dataFolder = server.dataFolder;
    url = await ensureDatabase(server.serverUrl, 'plinth');
  }
  // Migrations run on connections of their own, without the app's timeouts: rewriting a big
  // table may rightly take longer than any request should. Two: one holds the migration lock
  // while TypeORM runs the migrations on another (with one, a pending migration waits forever).
  const migrator = createDataSource(url, 2);
  let dataSource: DataSource | undefined;
  try {
    await migrator.initialize();
    const applied = await migrate(migrator).finally(() => migrator.destroy());
    if (applied.length > 0) {
      logger.log(`Applied migrations: ${applied.join(', ')}`);
    }
    if (dataFolder) {
      appUrl = await prepareAppRole(url, await appRolePassword(dataFolder));
    }
    const source = createDataSource(appUrl ?? url, config.database.poolSize, config.database);
    dataSource = source;
    await source.initialize();
    if (!dataFolder && (await isSuperuser(source))) {
      logger.warn(
        'DATABASE_URL connects as a superuser: give Plinth a role of its own without superuser rights (README, Safe defaults)',
      );
    }
  } catch (error) {
    await dataSource?.destroy().catch(() => undefined);
    await stopEmbedded();
    throw error;
  }
  const connected = dataSource;
  return {
    dataSource: connected,
    embedded,
    close: async () => {
      await connected.destroy().catch(() => undefined);
      await stopEmbedded();
    },
  };
}
