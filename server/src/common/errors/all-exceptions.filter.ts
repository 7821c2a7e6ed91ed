import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from 'src/common/http/request-id';
import { AppError } from './app-error';
import { retryableDatabaseError } from './database-errors';
import type { ErrorBody } from './error-body';
import { ErrorCode } from './error-code';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
};

interface HttpErrorLike {
  status?: unknown;
  type?: unknown;
}

/** Renders every error in one shape; anything unexpected becomes a generic 500, logged. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const retryable = retryableDatabaseError(exception);
    const body = this.toBody(retryable?.error ?? exception, requestIdOf(request));
    if (body.status >= 500) {
      this.logger.error(
        `${request.method} ${request.path} failed (request ${body.request_id})`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (!response.headersSent) {
      if (retryable) {
        response.setHeader('Retry-After', String(retryable.retryAfterSeconds));
      }
      response.status(body.status).json(body);
    }
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        code: exception.code,
        message: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.details ? { details: exception.details } : {}),
        request_id: requestId,
      };
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception, requestId);
    }
    const bodyParserError = exception as HttpErrorLike;
    if (typeof bodyParserError.status === 'number' && bodyParserError.status < 500) {
      return this.fromBodyParser(bodyParserError.status, bodyParserError.type, requestId);
    }
    return {
      status: 500,
      code: ErrorCode.InternalError,
      message: 'Something went wrong on our side; the request id helps us find out what.',
      request_id: requestId,
    };
  }

  private fromHttpException(exception: HttpException, requestId: string): ErrorBody {
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
      request_id: requestId,
    };
  }

  private fromBodyParser(status: number, type: unknown, requestId: string): ErrorBody {
    const messages: Record<string, string> = {
      'entity.parse.failed': 'The request body is not valid JSON.',
      'entity.too.large': 'The request body is too large.',
      'encoding.unsupported': 'The request body has an unsupported encoding.',
    };
    return {
      status,
      code: CODE_BY_STATUS[status] ?? ErrorCode.BadRequest,
      message: (typeof type === 'string' && messages[type]) || 'The request could not be read.',
      request_id: requestId,
    };
  }
}
