import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { requestIdOf } from 'src/common/http/request-id';
import type { LogLevel } from 'src/config/app-config';

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
 * The process's JSON-lines logger (stdout, or `destination` when a test captures the lines). An
 * error object keeps only its type and code: database errors' messages quote record values.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level: PINO_LEVEL[level],
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      err: (error: { name?: string; type?: string; code?: unknown }) => ({
        type: error.type ?? error.name,
        ...(typeof error.code === 'string' ? { code: error.code } : {}),
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Nest's logger interface over pino: `log(message, …, context)` and `error(message, stack,
 * context)` become one JSON line with `context` (and `stack`) beside `msg`.
 */
export class JsonLinesLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) {
      return;
    }
    // Nest appends the logger's context last; `error` puts a stack before it.
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0) {
      fields.context = rest.pop();
    }
    if (level === 'error' && typeof rest[0] === 'string') {
      fields.stack = rest.shift();
    }
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message });
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}

/** The route's pattern (`/api/objects/:object`), or 'unmatched' when no route answered. */
export function routePatternOf(request: Pick<FastifyRequest, 'routeOptions'>): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * One JSON line per request when it is answered (method, route, status, duration, request id: the
 * error body's `request_id` and the X-Request-Id header); never headers, queries or bodies. The
 * route's pattern, never the URL: query strings carry filter values (record values).
 */
export function logRequests(instance: FastifyInstance, logger: Logger): void {
  // At `warn` and above only a 5xx is a line (an error).
  const isEveryRequestLogged = logger.isLevelEnabled('info');
  instance.addHook('onResponse', (request, reply, done) => {
    if (isEveryRequestLogged || reply.statusCode >= 500) {
      writeRequestLine(logger, request, reply.statusCode, reply.elapsedTime);
    }
    done();
  });
}

function writeRequestLine(
  logger: Logger,
  request: FastifyRequest,
  status: number,
  durationMs: number,
): void {
  const failed = status >= 500;
  logger[failed ? 'error' : 'info'](
    {
      request_id: requestIdOf(request),
      route: routePatternOf(request),
      req: { method: request.method },
      res: { status },
      duration_ms: Math.round(durationMs * 1000) / 1000,
    },
    failed ? 'request failed' : 'request completed',
  );
}
