import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pathOf } from 'src/common/http/api-paths';
import { requestIdOf } from 'src/common/http/request-id';
import { routePatternOf } from 'src/common/logging/logging';
import { describeQueryError } from 'src/common/logging/query-errors';
import { AppError } from './app-error';
import { retryableDatabaseError } from './database-errors';
import { ERROR_CONTENT_TYPE, type ErrorBody, errorTypeOf } from './error-body';
import { ErrorCode, titleOf } from './error-code';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** What each branch below decides; the RFC 9457 members follow from it. */
type ErrorCore = Pick<ErrorBody, 'status' | 'code' | 'message' | 'errors' | 'details'>;

/** An error Fastify raised while reading the request (its body too large, unreadable). */
interface FastifyErrorLike {
  name?: unknown;
  statusCode?: unknown;
  code?: unknown;
}

/** Renders every error in one shape; anything unexpected becomes a generic 500, logged. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    // Contention and overload are not bugs: 409 or 503 with Retry-After, not a logged 500.
    const retryable = retryableDatabaseError(exception);
    const error = retryable
      ? retryable.error.withRetryAfter(retryable.retryAfterSeconds)
      : exception;
    const body = toErrorBody(this.toCore(error), requestIdOf(request), pathOf(request.originalUrl));
    if (body.status >= 500 && body.code === ErrorCode.InternalError) {
      this.logger.error(
        `${request.method} ${routePatternOf(request)} failed (request ${body.request_id})`,
        loggableStack(exception),
      );
    }
    if (response.sent) {
      return;
    }
    if (error instanceof AppError && error.retryAfterSeconds !== undefined) {
      response.header('Retry-After', String(error.retryAfterSeconds));
    }
    if (!request.raw.complete) {
      // Refused before its body was read (too large, …): the client may still be sending, so the
      // connection ends with this answer instead of waiting for the rest.
      response.header('Connection', 'close');
    }
    if (body.status === 401) {
      // RFC 9110: a 401 names the scheme that would work (an API key as a bearer token).
      response.header('WWW-Authenticate', 'Bearer realm="plinth"');
    }
    this.send(response, body);
  }

  /** Writes the body; a surface with another error dialect (hubspot/) overrides only this. */
  protected send(response: FastifyReply, body: ErrorBody): void {
    response.status(body.status).type(ERROR_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toCore(exception: unknown): ErrorCore {
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        code: exception.code,
        message: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.details ? { details: exception.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception);
    }
    const readError = exception as FastifyErrorLike;
    if (
      readError.name === 'FastifyError' &&
      typeof readError.statusCode === 'number' &&
      readError.statusCode < 500
    ) {
      return this.fromRequestRead(readError.statusCode, readError.code);
    }
    return {
      status: 500,
      code: ErrorCode.InternalError,
      message: 'Something went wrong on our side; the request id helps us find out what.',
    };
  }

  private fromHttpException(exception: HttpException): ErrorCore {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    let message = exception.message;
    if (typeof payload === 'object' && payload !== null && 'message' in payload) {
      const raw = payload.message;
      message = Array.isArray(raw) ? raw.map(String).join('; ') : String(raw);
    }
    if (status === 404 && message.startsWith('Cannot ')) {
      message = `No such endpoint: ${message.slice('Cannot '.length)}`;
    }
    return {
      status,
      code:
        CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.InternalError : ErrorCode.BadRequest),
      message,
    };
  }

  private fromRequestRead(status: number, code: unknown): ErrorCore {
    const messages: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body is shorter or longer than announced.',
      FST_ERR_BAD_URL: 'The request URL is not valid.',
    };
    return {
      status,
      code: CODE_BY_STATUS[status] ?? ErrorCode.BadRequest,
      message: (typeof code === 'string' && messages[code]) || 'The request could not be read.',
    };
  }
}

/**
 * Answers an error raised before any route ran (Fastify's error handler: the body could not be
 * read, or a request hook failed) with `filter`, as a route's error would be.
 */
export function catchBeforeRoutes(
  filter: AllExceptionsFilter,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  filter.catch(error, host);
}

/** The wire body: Plinth's members with RFC 9457's (`type`, `title`, `detail`, `instance`). */
export function toErrorBody(core: ErrorCore, requestId: string, instance?: string): ErrorBody {
  return {
    type: errorTypeOf(core.code),
    title: titleOf(core.code),
    status: core.status,
    code: core.code,
    message: core.message,
    detail: core.message,
    ...(instance ? { instance } : {}),
    ...(core.errors ? { errors: core.errors } : {}),
    ...(core.details ? { details: core.details } : {}),
    request_id: requestId,
  };
}

/**
 * The stack of an unexpected error, without the message of a database error: PostgreSQL's
 * messages quote values ("invalid input syntax for type numeric: …"), so only its code is kept.
 */
function loggableStack(exception: unknown): string {
  if (!(exception instanceof Error)) {
    return typeof exception;
  }
  const isDatabaseError = 'driverError' in exception || 'query' in exception;
  if (!isDatabaseError) {
    return exception.stack ?? exception.name;
  }
  const frames = (exception.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '));
  return [`${exception.name}: ${describeQueryError(exception)}`, ...frames].join('\n');
}
