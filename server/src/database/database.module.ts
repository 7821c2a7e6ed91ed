import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { DataSource } from 'typeorm';
import { APP_CONFIG, READ_DATA_SOURCE, RUN_IN_TRANSACTION } from './database.tokens';
import { openReadDataSource, ReadDataSourceCloser } from './read-data-source';
import { transactionRunner } from './transaction';

/**
 * Provides the initialized DataSource, the read pool (`READ_DATA_SOURCE`: `DATABASE_READ_URL`'s,
 * else the same DataSource), the transaction runner and the typed config.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(dataSource: DataSource, config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: RUN_IN_TRANSACTION, useValue: transactionRunner(dataSource) },
        { provide: APP_CONFIG, useValue: config },
        { provide: READ_DATA_SOURCE, useFactory: () => openReadDataSource(dataSource, config) },
        ReadDataSourceCloser,
      ],
      exports: [DataSource, READ_DATA_SOURCE, RUN_IN_TRANSACTION, APP_CONFIG],
    };
  }
}
