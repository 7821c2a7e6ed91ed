import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import 'reflect-metadata';
import { createApp, initApp } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/** Another server process on the database of a test app: its own pool, registry and listener. */
export interface SecondApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  /** Stops it; call before the test app's own close, which drops the database. */
  close(): Promise<void>;
}

/** Starts a second instance of the app on the same database URL as `testApp`. */
export async function startSecondApp(testApp: TestApp): Promise<SecondApp> {
  const { url } = testApp.dataSource.options as { url?: string };
  if (!url) {
    throw new Error('the test app has no database URL to share');
  }
  const dataSource = createDataSource(url, 5);
  await dataSource.initialize();
  const app = await createApp(dataSource, {
    ...loadAppConfig(),
    logLevel: 'error',
    rateLimitPerMinute: 1_000_000,
  });
  await initApp(app);
  return {
    app,
    dataSource,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await dataSource.destroy();
    },
  };
}
