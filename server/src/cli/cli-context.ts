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
export function runCli(
  name: string,
  /** A string returned is printed as the very last line, after every shutdown message. */
  job: (context: CliContext) => Promise<string | void>,
): void {
  const logger = new Logger(name);
  const run = async (): Promise<string | void> => {
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
      return await job({ config, database, app });
    } finally {
      await app.close();
      await database.close();
    }
  };
  run().then(
    (lastLine) => {
      if (typeof lastLine === 'string') {
        process.stdout.write(`${lastLine}\n`);
      }
      process.exit(0);
    },
    (error: unknown) => {
      logger.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
