import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { DataSource } from 'typeorm';
import { isSuperuser } from './app-role';
import { createDataSource } from './data-source';
import { READ_DATA_SOURCE } from './database.tokens';

const logger = new Logger('Database');

/** The read pool's name in `pg_stat_activity` (the primary's is `plinth`). */
export const READ_APPLICATION_NAME = 'plinth_read';

/**
 * The pool of `DATABASE_READ_URL` (a read replica), or the primary's own data source when it is
 * unset. Only statements that may read a slightly older snapshot use it: lists, searches and
 * exports outside a transaction. Writes, reads inside a write's transaction and the answers of a
 * write stay on the primary (docs/scaling.md, "Read replicas"). The pool has the primary's size
 * and limits, and connects with the role its URL names: on a replica that is the primary's app
 * role, with the same rights (docs/architecture.md, "Database roles").
 */
export async function openReadDataSource(
  primary: DataSource,
  config: AppConfig,
): Promise<DataSource> {
  if (!config.databaseReadUrl) {
    return primary;
  }
  const reads = createDataSource(
    config.databaseReadUrl,
    config.database.poolSize,
    config.database,
    READ_APPLICATION_NAME,
  );
  // A replica is read-only: TypeORM must not try to install its extensions there (the
  // migrations install what the schema needs, on the primary).
  reads.setOptions({ installExtensions: false });
  await reads.initialize();
  if (await isSuperuser(reads)) {
    logger.warn(
      'DATABASE_READ_URL connects as a superuser: give it the app role the primary uses (README, Safe defaults)',
    );
  }
  return reads;
}

/** Closes the read pool with the app (the primary's data source belongs to whoever opened it). */
@Injectable()
export class ReadDataSourceCloser implements OnApplicationShutdown {
  constructor(
    private readonly primary: DataSource,
    @Inject(READ_DATA_SOURCE) private readonly reads: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.reads !== this.primary && this.reads.isInitialized) {
      await this.reads.destroy();
    }
  }
}
