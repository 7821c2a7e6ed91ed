import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { serveAdminUi } from 'src/common/http/admin-ui';
import { loadAppConfig } from 'src/config/app-config';
import { connectDatabase } from 'src/database/database-connection';
import { API_PREFIX, createApp, loggerLevels } from './app.setup';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Plinth');
  const config = loadAppConfig();
  Logger.overrideLogger(loggerLevels(config.logLevel));
  const database = await connectDatabase(config);
  const app = await createApp(database.dataSource, config);
  const hasAdminUi = serveAdminUi(app);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.log(`${signal} received: stopping`);
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await app.listen(config.port, config.host);
  const base = `http://localhost:${config.port}`;
  logger.log(`API:      ${base}/${API_PREFIX}  (try ${base}/${API_PREFIX}/objects/deal)`);
  logger.log(hasAdminUi ? `Admin UI: ${base}/` : 'Admin UI: not built (npm run build)');
}

bootstrap().catch((error: unknown) => {
  new Logger('Plinth').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
