import { type INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AuthenticationHook } from 'src/access/authentication.hook';
import { AllExceptionsFilter, catchBeforeRoutes } from 'src/common/errors/all-exceptions.filter';
import { dtoValidationError } from 'src/common/errors/validation-errors';
import {
  API_PATHS,
  API_PREFIX,
  HUBSPOT_PATH_PREFIXES,
  HUBSPOT_PATHS,
  pathOf,
} from 'src/common/http/api-paths';
import { addCreatedLocation } from 'src/common/http/created-location';
import { closeConnectionsOnceAnswered } from 'src/common/http/graceful-shutdown';
import { TOTAL_ESTIMATED_HEADER } from 'src/common/http/list-query';
import { JSON_BODY_LIMIT, registerBodyParsers } from 'src/common/http/request-body';
import { REQUEST_ID_HEADER, requestIdFor } from 'src/common/http/request-id';
import { API_HEADERS, DOCS_HEADERS } from 'src/common/http/security-headers';
import { createLogger, JsonLinesLogger, logRequests } from 'src/common/logging/logging';
import type { AppConfig } from 'src/config/app-config';
import { HubSpotExceptionFilter } from 'src/hubspot/hubspot-exception.filter';
import { configureOpenApi } from 'src/openapi/openapi.setup';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';

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
 * Fastify, as Nest's HTTP platform (bench/README.md: a third of Express's CPU per request). An
 * error raised before any controller (a body that is not JSON, too large or too deep) is answered
 * by the filter a route's would be: HubSpot's dialect on HubSpot's paths, Plinth's elsewhere.
 */
class PlinthFastifyAdapter extends FastifyAdapter {
  private readonly filters = {
    plinth: new AllExceptionsFilter(),
    hubSpot: new HubSpotExceptionFilter(),
  };

  override setErrorHandler(): FastifyInstance {
    return super.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const isHubSpot = HUBSPOT_PATHS.test(pathOf(request.url));
      catchBeforeRoutes(
        isHubSpot ? this.filters.hubSpot : this.filters.plinth,
        error,
        request,
        reply,
      );
    });
  }
}

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
): Promise<NestFastifyApplication> {
  const adapter = new PlinthFastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: requestIdFor,
    // Ids and names in paths may be long (the API answers 400 or 404 for them, not the router).
    routerOptions: { maxParamLength: 1_000, ignoreTrailingSlash: true },
    // Plinth registers no Express-style middleware: its request hooks are Fastify's own.
    skipMiddie: true,
    // A stop drains what arrived before it (graceful-shutdown.ts) instead of answering 503.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(dataSource, config),
    adapter,
    { logger: loggerLevels(config.logLevel), bodyParser: false },
  );
  const logger = createLogger(config.logLevel, options.logDestination);
  if (options.isLoggerOwner !== false) {
    app.useLogger(new JsonLinesLogger(logger));
  }
  configureApp(app, config);
  logRequests(app.getHttpAdapter().getInstance(), logger);
  return app;
}

/**
 * Starts serving: Nest's routes, then Fastify's (its plugins and hooks are loaded by `ready`, so
 * a request handled before it would not find them).
 */
export async function initApp(app: NestFastifyApplication): Promise<void> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
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
function configureCors(app: NestFastifyApplication, origins: readonly string[]): void {
  if (origins.length === 0) {
    return;
  }
  const allowed = new Set(origins);
  const options = {
    origin: true,
    credentials: true,
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    allowedHeaders: ALLOWED_HEADERS,
  };
  app.enableCors({
    delegator: (request, callback) => {
      const origin = request.headers.origin;
      callback(null, origin !== undefined && allowed.has(origin) ? options : { origin: false });
    },
  });
}

/**
 * Every response names its request (X-Request-Id). API answers get the API's headers (no-store,
 * Vary, helmet's; security-headers.ts), Swagger UI under `/api/docs` the pages' ones.
 */
function addResponseHeaders(instance: FastifyInstance): void {
  const api = `/${API_PREFIX}`;
  const docs = `${api}/${DOCS_PATH}`;
  instance.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    const path = pathOf(request.url);
    if (path === api || path.startsWith(`${api}/`)) {
      reply.headers(path === docs || path.startsWith(`${docs}/`) ? DOCS_HEADERS : API_HEADERS);
    }
    done();
  });
}

export function configureApp(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'corsOrigins'>,
): INestApplication {
  const instance = app.getHttpAdapter().getInstance();
  registerBodyParsers(instance);
  closeConnectionsOnceAnswered(instance);
  addResponseHeaders(instance);
  addCreatedLocation(instance);
  const authentication = app.get(AuthenticationHook);
  instance.addHook('onRequest', async (request) => {
    if (API_PATHS.test(pathOf(request.url))) {
      await authentication.authenticate(request);
    }
  });
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
  return app;
}
