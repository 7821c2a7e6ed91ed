import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/**
 * An array query parameter as HubSpot's clients send it: repeated (`?properties=a&properties=b`),
 * comma-separated (`?properties=a,b`), or both.
 */
export function arrayParam(value: unknown): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const parts = (Array.isArray(value) ? value : [value])
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => part.split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.length > 0 ? [...new Set(parts)] : undefined;
}

export function booleanParam(value: unknown, name: string): boolean {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  throw new AppError(ErrorCode.BadRequest, `${name} must be true or false`, {
    [name]: 'must be true or false',
  });
}

export function limitParam(value: unknown, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  const limit = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= max)) {
    throw new AppError(ErrorCode.BadRequest, `limit must be a whole number from 1 to ${max}`, {
      limit: `must be from 1 to ${max}`,
    });
  }
  return limit;
}

export function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A batch body's `inputs`: 1 to 100 objects (HubSpot's limit). */
export function batchInputs<T>(body: unknown, max = 100): T[] {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new AppError(ErrorCode.BadRequest, 'inputs must be a non-empty array', {
      inputs: 'must be a non-empty array',
    });
  }
  if (inputs.length > max) {
    throw new AppError(ErrorCode.BadRequest, `inputs holds at most ${max} items`, {
      inputs: `at most ${max} items`,
    });
  }
  inputs.forEach((input, index) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AppError(ErrorCode.BadRequest, `inputs.${index} must be an object`, {
        [`inputs.${index}`]: 'must be an object',
      });
    }
  });
  return inputs as T[];
}

/** A scalar input as text ('' for anything else: an object never becomes `[object Object]`). */
export function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}
