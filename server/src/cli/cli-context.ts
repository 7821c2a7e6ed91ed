import { type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import 'reflect-metadata';
import { AppModule } from 'src/app.module';
import { loggerLevels } from 'src/app.setup';
import { type AppConfig, loadAppConfig } from 'src/config/app-config';
import { connectDatabase, type DatabaseConnection } from 'src/database/database-connection';

export interface CliContext {
  config: AppConfig;
  database: DatabaseConnection;
  app: INestApplicationContext;
}

/**
 * Runs a command-line job inside the application (services, validation and all) on the same
 * database `npm start` uses: DATABASE_URL, or the embedded PostgreSQL (joined if it runs).
 */
export function runCli(name: string, job: (context: CliContext) => Promise<void>): void {
  const logger = new Logger(name);
  const run = async (): Promise<void> => {
    const config = loadAppConfig();
    Logger.overrideLogger(loggerLevels(config.logLevel));
    const database = await connectDatabase(config);
    // Module wiring is not news on the command line: only warnings while the context starts.
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(database.dataSource, config),
      {
        logger: ['error', 'warn'],
      },
    );
    Logger.overrideLogger(loggerLevels(config.logLevel));
    try {
      await app.init();
      await job({ config, database, app });
    } finally {
      await app.close();
      await database.close();
    }
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
