import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { createApp } from 'src/app.setup';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { loadAppConfig, type AppConfig, type DatabaseLimits } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { OpenApiService } from 'src/openapi/openapi.service';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext, type RequestContext } from 'src/organizations/request-context';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { OpenApiResponseValidator } from './openapi-response-validator';
import {
  APP_SERVER_URL_VARIABLE,
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  SERVER_URL_VARIABLE,
  TEMPLATE_VARIABLE,
} from './test-database';

export interface TestOrganization {
  id: string;
  context: RequestContext;
  /** Headers that make a request act for this organization. */
  headers: Record<string, string>;
}

export interface TestApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  /** supertest against the app, without a network port. */
  http: () => ReturnType<typeof request>;
  /** A new organization with the system objects registered: each test makes its own. */
  createOrganization(): Promise<TestOrganization>;
  /** Listens on a free loopback port (for clients that need a URL); returns the base URL. */
  listen(): Promise<string>;
  /** Checks every response to /api/objects/… against the OpenAPI document. */
  responses: OpenApiResponseValidator;
  /** Stops the app; fails listing every response that disagreed with the OpenAPI document. */
  close(): Promise<void>;
}

/**
 * The real app on a fresh copy of the migrated template database, with the server's database
 * limits (timeouts) unless the test sets some of them.
 */
export async function startTestApp(
  overrides: Partial<Omit<AppConfig, 'database'>> & { database?: Partial<DatabaseLimits> } = {},
  options: Parameters<typeof createApp>[2] = {},
): Promise<TestApp> {
  const serverUrl = process.env[SERVER_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (!serverUrl || !template) {
    throw new Error('The Jest global set-up did not run (integration and contract projects only)');
  }
  const database = `plinth_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomUUID().slice(0, 8)}`;
  await recreateDatabase(serverUrl, database, template);
  const config = loadAppConfig();
  const limits = { ...config.database, poolSize: 10, ...overrides.database };
  const appServerUrl = process.env[APP_SERVER_URL_VARIABLE] ?? serverUrl;
  const dataSource = createDataSource(databaseUrl(appServerUrl, database), limits.poolSize, limits);
  await dataSource.initialize();
  // A test file sends hundreds of requests a minute from one address: the rate limit is raised
  // (as an operator would) unless a test sets its own.
  const app = await createApp(
    dataSource,
    { ...config, logLevel: 'error', rateLimitPerMinute: 1_000_000, ...overrides, database: limits },
    options,
  );
  // Every response to /api/objects/… is checked against the organization's OpenAPI document.
  const responses = new OpenApiResponseValidator(async (organizationHeader) => {
    const organizationId = await app
      .get(OrganizationsService)
      .resolveOrganization(organizationHeader);
    return app.get(OpenApiService).getDocument(systemContext(organizationId));
  });
  app.use(responses.middleware);
  await app.init();
  return {
    app,
    dataSource,
    http: () => request(app.getHttpServer()),
    async createOrganization() {
      const slug = `test-${randomUUID()}`;
      const organization = await app
        .get(SystemDefinitionsBootstrap)
        .provisionOrganization(slug, slug);
      return {
        id: organization.id,
        context: systemContext(organization.id),
        headers: { 'X-Organization-Id': organization.id },
      };
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return `http://127.0.0.1:${port}`;
    },
    responses,
    async close() {
      let violations: string[];
      try {
        violations = await responses.violations();
      } finally {
        await app.close();
        await dataSource.destroy();
        await dropDatabase(serverUrl, database);
      }
      if (violations.length > 0) {
        throw new Error(
          `${violations.length} responses disagree with the OpenAPI document:\n${violations.join('\n')}`,
        );
      }
    },
  };
}
