import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { DataSource } from 'typeorm';
import { APP_CONFIG, RUN_IN_TRANSACTION } from './database.tokens';
import { transactionRunner } from './transaction';

/** Provides the initialized DataSource, the transaction runner and the typed config. */
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
      ],
      exports: [DataSource, RUN_IN_TRANSACTION, APP_CONFIG],
    };
  }
}
