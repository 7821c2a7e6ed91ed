import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, Level } from 'pino';
import type { Options } from 'pino-http';
import { requestIdOf } from 'src/common/http/request-id';
import type { LogLevel } from 'src/config/app-config';
import { routePatternOf } from './route-log.interceptor';

const PINO_LEVEL: Record<LogLevel, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Paths that hold secrets if a caller or a later serializer ever puts them in a log line
 * (docs/domain.md "Sensitive data"): credentials, cookies, passwords and tokens.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.key',
  '*.token',
  '*.api_key',
  '*.secret',
];

/**
 * One JSON line per request (method, route, status, duration, request id — the error body's
 * `request_id` and the X-Request-Id header) through pino; never headers, queries or bodies.
 */
export function pinoHttpOptions(level: LogLevel): Options {
  return {
    level: PINO_LEVEL[level],
    genReqId: (request) => requestIdOf(request as never),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
    serializers: {
      req: (request: { method?: string }) => ({ method: request.method }),
      res: (response: { statusCode?: number }) => ({ status: response.statusCode }),
      err: (error: { type?: string; code?: unknown }) => ({
        type: error.type,
        ...(typeof error.code === 'string' ? { code: error.code } : {}),
      }),
    },
    // The route's pattern, never the URL: query strings carry filter values (record values).
    // Computed when the line is written; the request's bindings are fixed before routing.
    customProps: (request: IncomingMessage) => ({ route: routePatternOf(request) }),
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : 'info',
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  };
}

/** The logging module: JSON lines to stdout, or to `destination` (tests capture them). */
export function loggingModule(level: LogLevel, destination?: DestinationStream): DynamicModule {
  const options = pinoHttpOptions(level);
  return LoggerModule.forRoot({
    pinoHttp: destination ? [options, destination] : options,
    forRoutes: ['*path'],
  });
}
