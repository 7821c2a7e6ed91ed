import { Logger } from '@nestjs/common';
import { loggerLevels } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { connectDatabase } from 'src/database/database-connection';

/** `npm run db:migrate`: applies pending migrations (the server also does so at start-up). */
async function main(): Promise<void> {
  const config = loadAppConfig();
  Logger.overrideLogger(loggerLevels(config.logLevel));
  const database = await connectDatabase(config);
  await database.close();
  new Logger('Migrate').log('The schema is up to date.');
}

main().catch((error: unknown) => {
  new Logger('Migrate').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
