import type { NextFunction, Request, Response } from 'express';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/**
 * How deep arrays and objects may nest in a request body, a filter or a json property. JSON.parse
 * reads any depth, but the recursive code after it (validation, class-transformer, jsonb) runs
 * out of stack a few thousand levels down, which was a 500.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests arrays or objects more than `max` levels deep; never recursive itself. */
export function isNestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, depth] = next;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth + 1 > max) {
      return true;
    }
    for (const inner of Object.values(current)) {
      pending.push([inner, depth + 1]);
    }
  }
  return false;
}

/** Refuses a parsed JSON body nested deeper than MAX_JSON_DEPTH with a 400, before any handler. */
export function jsonDepthMiddleware(
  request: Request,
  _response: Response,
  next: NextFunction,
): void {
  next(
    isNestedDeeperThan(request.body)
      ? new AppError(
          ErrorCode.BadRequest,
          `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`,
        )
      : undefined,
  );
}
