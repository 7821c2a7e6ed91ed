import type { NextFunction, Request, Response } from 'express';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/**
 * Turns body-parser's "not valid JSON" into an AppError. Otherwise Nest maps the SyntaxError to a
 * BadRequestException carrying JSON.parse's message, which quotes the body back to the caller.
 */
export function bodyParserErrorMiddleware(
  error: unknown,
  _request: Request,
  _response: Response,
  next: NextFunction,
): void {
  const type =
    typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  next(
    type === 'entity.parse.failed'
      ? new AppError(ErrorCode.BadRequest, 'The request body is not valid JSON.')
      : error,
  );
}
