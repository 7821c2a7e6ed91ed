import type { ValidationError } from 'class-validator';
import { AppError, type FieldErrors } from './app-error';
import { ErrorCode } from './error-code';

function collect(errors: ValidationError[], prefix: string, into: FieldErrors): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation' ? 'is not allowed here' : message,
    );
    if (messages.length > 0) {
      into[path] = messages.join('; ');
    }
    collect(error.children ?? [], path, into);
  }
}

/**
 * DTO (class-validator) failures in the one error shape, with per-field messages, like the
 * record validation errors (docs/architecture.md).
 */
export function dtoValidationError(errors: ValidationError[]): AppError {
  const fields: FieldErrors = {};
  collect(errors, '', fields);
  const summary = Object.entries(fields)
    .map(([field, message]) => (message.startsWith(field) ? message : `${field} ${message}`))
    .join('; ');
  return new AppError(ErrorCode.ValidationFailed, `Invalid request: ${summary}`, fields);
}
