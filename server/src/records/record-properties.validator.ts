import type { FieldErrors } from 'src/common/errors/app-error';

// The mapping of AJV errors lives in common/ because the admin UI runs it too.
export {
  containsNul,
  describeAjvError,
  NUL_MESSAGE,
  validateRecordProperties,
} from 'src/common/ajv-errors';

/** `deal is invalid: amount must be >= 0; stage must be one of: …` */
export function summarizeFieldErrors(objectName: string, errors: FieldErrors): string {
  const parts = Object.entries(errors).map(([key, message]) => `${key} ${message}`);
  return `${objectName} is invalid: ${parts.join('; ')}`;
}
