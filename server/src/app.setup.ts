import { type INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AllExceptionsFilter } from 'src/common/errors/all-exceptions.filter';
import { dtoValidationError } from 'src/common/errors/validation-errors';
import { bodyParserErrorMiddleware } from 'src/common/http/body-parser-errors';
import { jsonDepthMiddleware } from 'src/common/http/json-depth';
import { TOTAL_ESTIMATED_HEADER } from 'src/common/http/list-query';
import { requestIdMiddleware } from 'src/common/http/request-id';
import { apiHeadersMiddleware } from 'src/common/http/security-headers';
import type { AppConfig } from 'src/config/app-config';
import { hubSpotRequestErrors } from 'src/hubspot/hubspot-exception.filter';
import { HUBSPOT_PATH_PREFIXES } from 'src/hubspot/hubspot-paths';
import { configureOpenApi } from 'src/openapi/openapi.setup';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';

export const API_PREFIX = 'api';
const DOCS_PATH = 'docs';
const EXPOSED_HEADERS = [
  'Content-Range',
  TOTAL_ESTIMATED_HEADER,
  // README "People and companies": a create's look-alikes, and a merged id's survivor.
  'Plinth-Possible-Duplicates',
  'Plinth-Merged-Into',
  'X-Request-Id',
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Idempotent-Replayed',
  'ETag',
];
const ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'Range',
  'X-Organization-Id',
  'X-Requested-With',
  'X-Request-Id',
  'Idempotency-Key',
  'If-Match',
  'X-Requested-With',
];

/**
 * Builds the Nest application with everything every entry point shares (server, tests, CLI):
 * the /api prefix, request ids, the one error format, strict DTO validation and CORS.
 */
export async function createApp(
  dataSource: DataSource,
  config: AppConfig,
  options: {
    logDestination?: DestinationStream;
    /** false: keep the process's logger (command-line tools that build the app for a moment). */
    isLoggerOwner?: boolean;
  } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(dataSource, config, options.logDestination),
    { logger: loggerLevels(config.logLevel), bodyParser: false },
  );
  if (options.isLoggerOwner !== false) {
    app.useLogger(app.get(PinoLogger));
  }
  configureApp(app, config);
  return app;
}

export function loggerLevels(
  level: AppConfig['logLevel'],
): Array<'error' | 'warn' | 'log' | 'debug' | 'verbose'> {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}

/**
 * CORS for the listed origins only, with credentials (a session cookie or a key). Any other origin,
 * preflight included, gets no CORS header at all, so the browser refuses it. The admin UI is
 * same-origin and needs none.
 */
function configureCors(app: NestExpressApplication, origins: readonly string[]): void {
  if (origins.length === 0) {
    return;
  }
  const allowed = new Set(origins);
  const options: CorsOptions = {
    origin: true,
    credentials: true,
    exposedHeaders: EXPOSED_HEADERS,
    allowedHeaders: ALLOWED_HEADERS,
  };
  app.enableCors((request: { headers: { origin?: string } }, callback) => {
    const origin = request.headers.origin;
    callback(null, origin !== undefined && allowed.has(origin) ? options : { origin: false });
  });
}

export function configureApp(
  app: NestExpressApplication,
  config: Pick<AppConfig, 'corsOrigins'>,
): INestApplication {
  app.use(requestIdMiddleware);
  app.use(cookieParser());
  app.use(`/${API_PREFIX}`, apiHeadersMiddleware(`/${DOCS_PATH}`));
  app.useBodyParser('json', { limit: '5mb', strict: false });
  app.use(bodyParserErrorMiddleware);
  app.use(jsonDepthMiddleware);
  app.use(
    HUBSPOT_PATH_PREFIXES.map((prefix) => `/${prefix}`),
    hubSpotRequestErrors,
  );
  // HubSpot's paths stay at the root, as its clients call them (`basePath` + `/crm/v3/…`).
  app.setGlobalPrefix(API_PREFIX, {
    exclude: HUBSPOT_PATH_PREFIXES.map((prefix) => ({
      path: `${prefix}/{*path}`,
      method: RequestMethod.ALL,
    })),
  });
  configureCors(app, config.corsOrigins);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: dtoValidationError,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  configureOpenApi(app, API_PREFIX);
  app.disable('x-powered-by');
  // No generated ETag: hashing every response body costs CPU on each request (a 1,000-record page
  // is ~600 kB). A single record's ETag is its version, set by the records controller.
  app.set('etag', false);
  return app;
}
