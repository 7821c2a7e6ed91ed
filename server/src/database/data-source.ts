import type { DatabaseLimits } from 'src/config/app-config';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { withoutPreparedStatements } from './prepared-query';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmLogger } from './typeorm-logger';

/**
 * node-postgres settings that bound every wait: the server ends a statement, a lock wait or an
 * idle transaction past its limit, and the pool stops queueing for a connection past its own
 * (the errors become 409 / 503 with Retry-After, common/errors/database-errors.ts).
 */
export function poolLimits(limits: DatabaseLimits): Record<string, number> {
  return {
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    connectionTimeoutMillis: limits.poolAcquireTimeoutMs,
  };
}

/**
 * A TypeORM data source (the primary's, or the read pool's: read-data-source.ts); schema changes
 * come only from migrations (never `synchronize`). Without `limits` nothing times out: migrations
 * and tools, whose work may rightly run long. `applicationName` tells the pools apart in
 * `pg_stat_activity`.
 */
export function createDataSource(
  url: string,
  poolSize = 20,
  limits?: DatabaseLimits,
  applicationName = 'plinth',
): DataSource {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: poolSize,
      application_name: applicationName,
      ...(limits ? poolLimits(limits) : {}),
    },
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmLogger(),
  });
  if (limits?.preparedStatements === false) {
    withoutPreparedStatements(dataSource);
  }
  return dataSource;
}
