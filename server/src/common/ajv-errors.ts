import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FieldErrors } from './errors/app-error';

/*
 * Framework-free on purpose, like ./ajv.ts: the admin UI maps AJV's errors to per-field messages
 * with these same functions, so a form says before saving what the server would answer.
 */

const FORMAT_MESSAGES: Record<string, string> = {
  email: 'must be a valid email address',
  date: 'must be a date (YYYY-MM-DD)',
  'date-time': 'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
  uri: 'must be a URL such as https://example.com',
  uuid: 'must be a UUID',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  'string,number': 'a decimal amount (a number or a string such as "1250.00")',
};

function listOf(values: unknown[]): string {
  const shown = values.slice(0, 20).map((value) => String(value));
  return values.length > 20 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function patternMessage(error: ErrorObject, schemaType: unknown): string {
  const pattern = String((error.params as { pattern?: unknown }).pattern);
  if (schemaType === 'phone') {
    return 'must be a phone number (digits, spaces, + ( ) . -)';
  }
  if (schemaType === 'url') {
    return 'must start with http:// or https://';
  }
  if (schemaType === 'currency') {
    return 'must be a decimal amount such as 1250.00';
  }
  return `must match the pattern ${pattern}`;
}

/** One AJV error in words a person filling in a form understands. */
export function describeAjvError(error: ErrorObject, objectName: string): string {
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      // Inside a json value the extra key is not a property of the object, just not allowed there.
      return error.instancePath === '' ? `is not a property of ${objectName}` : 'is not allowed';
    case 'type': {
      const type = Array.isArray(params.type) ? params.type.join(',') : String(params.type);
      return `must be ${TYPE_WORDS[type] ?? type}`;
    }
    case 'enum':
      return `must be one of: ${listOf(params.allowedValues as unknown[])}`;
    case 'format':
      return FORMAT_MESSAGES[String(params.format)] ?? `must be a valid ${String(params.format)}`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'minLength':
      return Number(params.limit) === 1
        ? 'must not be empty'
        : `must be at least ${String(params.limit)} characters`;
    case 'minimum':
      return `must be >= ${String(params.limit)}`;
    case 'maximum':
      return `must be <= ${String(params.limit)}`;
    case 'pattern':
      return patternMessage(error, schema?.['x-type']);
    case 'uniqueItems':
      return 'must not list a value twice';
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'minItems':
      return `must have at least ${String(params.limit)} items`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** The body key an error belongs to, and where inside a json value it points, if deeper. */
function locate(error: ErrorObject): { key: string; inner: string } {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  const leaf =
    error.keyword === 'required'
      ? String(params.missingProperty)
      : error.keyword === 'additionalProperties'
        ? String(params.additionalProperty)
        : undefined;
  if (leaf !== undefined) {
    segments.push(leaf);
  }
  const [key = '(record)', ...rest] = segments;
  return { key, inner: rest.join('.') };
}

export const NUL_MESSAGE = 'must not contain the character \\u0000';

/** Whether a JSON value holds U+0000 anywhere: PostgreSQL text and jsonb cannot store it. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') {
    return value.includes('\u0000');
  }
  if (Array.isArray(value)) {
    return value.some(containsNul);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(
      ([key, inner]) => key.includes('\u0000') || containsNul(inner),
    );
  }
  return false;
}

/**
 * Validates record properties with the definition's compiled validator; returns one message per
 * failing property (keyed like the request body), or undefined when they are valid.
 */
export function validateRecordProperties(
  validate: ValidateFunction,
  objectName: string,
  properties: Record<string, unknown>,
): FieldErrors | undefined {
  // No prototype: a property named `constructor` or `__proto__` is a key like any other.
  const errors: FieldErrors = Object.create(null) as FieldErrors;
  if (!validate(properties)) {
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'if' || error.keyword === 'anyOf') {
        continue;
      }
      const { key, inner } = locate(error);
      if (!Object.hasOwn(errors, key)) {
        const message = describeAjvError(error, objectName);
        errors[key] = inner ? `${inner} ${message}` : message;
      }
    }
  }
  for (const [key, value] of Object.entries(properties)) {
    if (!Object.hasOwn(errors, key) && containsNul(value)) {
      errors[key] = NUL_MESSAGE;
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
