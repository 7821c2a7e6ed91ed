import { Logger } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import type { DataSource } from 'typeorm';
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
 * joined when another Plinth process runs it), and migrates the schema.
 */
export async function connectDatabase(config: AppConfig): Promise<DatabaseConnection> {
  let url = config.databaseUrl;
  let embedded: DatabaseConnection['embedded'] = 'none';
  let stopEmbedded = (): Promise<void> => Promise.resolve();
  if (!url) {
    const server = await startEmbeddedPostgres(config.dataDir);
    embedded = server.isOwner ? 'owned' : 'joined';
    stopEmbedded = () => server.stop();
    url = await ensureDatabase(server.serverUrl, 'plinth');
  }
  // Migrations run on connections of their own, without the app's timeouts: rewriting a big
  // table may rightly take longer than any request should. Two: one holds the migration lock
  // while TypeORM runs the migrations on another (with one, a pending migration waits forever).
  const migrator = createDataSource(url, 2);
  const dataSource = createDataSource(url, config.database.poolSize, config.database);
  try {
    await migrator.initialize();
    const applied = await migrate(migrator).finally(() => migrator.destroy());
    if (applied.length > 0) {
      logger.log(`Applied migrations: ${applied.join(', ')}`);
    }
    await dataSource.initialize();
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  return {
    dataSource,
    embedded,
    close: async () => {
      await dataSource.destroy().catch(() => undefined);
      await stopEmbedded();
    },
  };
}
