import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { loggerLevels } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { migrate } from 'src/database/database-connection';
import { ensureDatabase, startEmbeddedPostgres } from 'src/database/embedded-postgres';

const CHECK_DATABASE = 'plinth_migration_check';

/**
 * `npm run db:migration:check`: migrates a fresh database and asks TypeORM what it would still
 * change to match the entities. Anything → the entities and migrations disagree (exit 1), and the
 * SQL printed is the start of the missing migration.
 */
async function main(): Promise<void> {
  const logger = new Logger('MigrationCheck');
  const config = loadAppConfig();
  Logger.overrideLogger(loggerLevels(config.logLevel));
  const server = config.databaseUrl
    ? { serverUrl: config.databaseUrl, stop: () => Promise.resolve() }
    : await startEmbeddedPostgres(config.dataDir);
  const admin = new Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${CHECK_DATABASE} WITH (FORCE)`);
  await admin.end();
  const dataSource = createDataSource(await ensureDatabase(server.serverUrl, CHECK_DATABASE), 2);
  let drift: string[];
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    drift = sql.upQueries.map((query) => `${query.query};`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await server.stop();
  }
  if (drift.length > 0) {
    logger.error(`Entities and migrations disagree; a new migration needs:\n${drift.join('\n')}`);
    process.exit(1);
  }
  logger.log('Migrations match the entities.');
}

main().catch((error: unknown) => {
  new Logger('MigrationCheck').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
