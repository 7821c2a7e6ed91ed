import { compareDecimals, decimalPlaces, parseDecimal } from './decimal';
import type { JsonSchema } from './types';

/**
 * Client-side mirror of the compiled JSON Schema of one property (STYLE.md §6 keywords plus our
 * `x-decimal`), with the server's wording, so a user sees the same message before and after a
 * round trip. The server stays the authority: anything this misses comes back as a field error.
 */
export function schemaProblem(value: unknown, schema: JsonSchema): string | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  return (
    typeProblem(value, schema) ??
    enumProblem(value, schema) ??
    decimalProblem(value, schema) ??
    stringProblem(value, schema) ??
    numberProblem(value, schema) ??
    arrayProblem(value, schema)
  );
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function typeProblem(value: unknown, schema: JsonSchema): string | undefined {
  const type = schema.type;
  const types = Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
  if (types.length === 0 || types.some((t) => matchesType(value, t))) {
    return undefined;
  }
  return `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
}

function enumProblem(value: unknown, schema: JsonSchema): string | undefined {
  const allowed = schema.enum;
  if (!Array.isArray(allowed) || allowed.includes(value)) {
    return undefined;
  }
  return `must be one of: ${allowed.map(String).join(', ')}`;
}

const FORMAT_CHECKS: Record<string, { test: (text: string) => boolean; message: string }> = {
  email: {
    test: (text) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text),
    message: 'must be a valid email address',
  },
  uri: { test: (text) => URL.canParse(text), message: 'must be a URL such as https://example.com' },
  date: {
    test: (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)),
    message: 'must be a date (YYYY-MM-DD)',
  },
  'date-time': {
    test: (text) => /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/i.test(text),
    message: 'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
  },
};

/** Patterns the server explains in words (record-properties.validator.ts). */
function patternMessage(schema: JsonSchema, pattern: string): string {
  switch (schema['x-type']) {
    case 'phone':
      return 'must be a phone number (digits, spaces, + ( ) . -)';
    case 'url':
      return 'must start with http:// or https://';
    case 'currency':
      return 'must be a decimal amount such as 1250.00';
    default:
      return `must match the pattern ${pattern}`;
  }
}

function stringProblem(value: unknown, schema: JsonSchema): string | undefined {
  if (typeof value !== 'string' && schema['x-type'] !== 'currency') {
    return undefined;
  }
  const text = String(value);
  const length = [...text].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    return schema.minLength === 1
      ? 'must not be empty'
      : `must be at least ${schema.minLength} characters`;
  }
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    return `must be at most ${schema.maxLength} characters`;
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(text)) {
    return patternMessage(schema, schema.pattern);
  }
  const format = typeof schema.format === 'string' ? FORMAT_CHECKS[schema.format] : undefined;
  if (format && !format.test(text)) {
    return format.message;
  }
  return undefined;
}

function numberProblem(value: unknown, schema: JsonSchema): string | undefined {
  if (typeof value !== 'number') {
    return undefined;
  }
  if (typeof schema.minimum === 'number' && value < schema.minimum) {
    return `must be >= ${schema.minimum}`;
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum) {
    return `must be <= ${schema.maximum}`;
  }
  return undefined;
}

interface DecimalRule {
  precision?: number;
  minimum?: number;
  maximum?: number;
}

function decimalProblem(value: unknown, schema: JsonSchema): string | undefined {
  const rule = schema['x-decimal'] as DecimalRule | undefined;
  if (!rule || (typeof value !== 'string' && typeof value !== 'number')) {
    return undefined;
  }
  if (!parseDecimal(value)) {
    return 'must be a decimal amount such as 1250.00';
  }
  const precision = rule.precision ?? 2;
  if (decimalPlaces(value) > precision) {
    return `must have at most ${precision} decimal places`;
  }
  if (rule.minimum !== undefined && (compareDecimals(value, rule.minimum) ?? 0) < 0) {
    return `must be >= ${rule.minimum}`;
  }
  if (rule.maximum !== undefined && (compareDecimals(value, rule.maximum) ?? 0) > 0) {
    return `must be <= ${rule.maximum}`;
  }
  return undefined;
}

function arrayProblem(value: unknown, schema: JsonSchema): string | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    return `must have at most ${schema.maxItems} items`;
  }
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    return `must have at least ${schema.minItems} items`;
  }
  if (schema.uniqueItems === true && new Set(value).size !== value.length) {
    return 'must not list a value twice';
  }
  const items = schema.items as JsonSchema | undefined;
  return items ? value.map((item) => schemaProblem(item, items)).find(Boolean) : undefined;
}

/** The compiled schema of one property, or an empty schema when the object has no such one. */
export function propertySchema(objectSchema: JsonSchema | undefined, name: string): JsonSchema {
  const properties = objectSchema?.properties as Record<string, JsonSchema> | undefined;
  return properties?.[name] ?? {};
}

export function isRequiredIn(objectSchema: JsonSchema | undefined, name: string): boolean {
  const required = objectSchema?.required;
  return Array.isArray(required) && required.includes(name);
}
