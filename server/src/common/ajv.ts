import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import Ajv2020, { type Options } from 'ajv/dist/2020';
import { hasStorableOffset } from './date-time';
import { compareDecimal, decimalPlaces, isDecimal } from './money';

/*
 * Framework-free on purpose: the admin UI compiles this very module (Vite alias `@plinth/common`)
 * and validates forms with the same options and keywords as the server, so a user sees the
 * server's verdict before the round trip. Keep it free of Nest and of `src/…` imports.
 */

/**
 * The options every schema of Plinth is compiled with. The server adds its linear-time regular
 * expression engine (`code.regExp`) on top; everything else is the same on both sides.
 */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
};

/** Our annotation keywords: they carry metadata for the UI and the OpenAPI document, no rule. */
const ANNOTATION_KEYWORDS = [
  'x-type',
  'x-options',
  'x-unique',
  'x-indexed',
  'x-transitions',
  'x-pipelines',
  'x-object',
  'x-primary-display-property',
] as const;

interface DecimalRule {
  precision: number;
  minimum?: number;
  maximum?: number;
}

/** `x-decimal`: precision and bounds of money amounts, compared as decimals, never as floats. */
function checkDecimal(rule: DecimalRule, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return undefined;
  }
  const text = String(value);
  if (!isDecimal(text)) {
    return 'must be a decimal amount such as 1250.00';
  }
  if (decimalPlaces(text) > rule.precision) {
    return `must have at most ${rule.precision} decimal places`;
  }
  if (rule.minimum !== undefined && compareDecimal(text, String(rule.minimum)) < 0) {
    return `must be >= ${rule.minimum}`;
  }
  if (rule.maximum !== undefined && compareDecimal(text, String(rule.maximum)) > 0) {
    return `must be <= ${rule.maximum}`;
  }
  return undefined;
}

interface StringFormat {
  validate: (value: string) => boolean;
  compare?: (a: string, b: string) => number | undefined;
}

/**
 * PostgreSQL has no year 0: a `0000-…` date passes RFC 3339 but fails the `::date` and
 * `::timestamptz` casts lists sort and filter by, which would turn every such list into a 500.
 */
function withoutYearZero(ajv: Ajv2020, name: 'date' | 'date-time'): void {
  const format = fullFormats[name] as StringFormat;
  ajv.addFormat(name, {
    ...format,
    // An offset beyond ±15:59 (RFC 3339 allows up to 23:59) fails those casts too.
    validate: (value: string) =>
      !value.startsWith('0000') &&
      format.validate(value) &&
      (name === 'date' || hasStorableOffset(value)),
  });
}

/** The AJV set-up every schema of Plinth is compiled with, on the server and in the admin UI. */
export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  withoutYearZero(ajv, 'date');
  withoutYearZero(ajv, 'date-time');
  for (const keyword of ANNOTATION_KEYWORDS) {
    ajv.addKeyword({ keyword });
  }
  ajv.addKeyword({
    keyword: 'x-decimal',
    schemaType: 'object',
    errors: true,
    validate: function validateDecimal(this: unknown, rule: DecimalRule, value: unknown): boolean {
      const message = checkDecimal(rule, value);
      if (message) {
        (validateDecimal as unknown as { errors: unknown[] }).errors = [
          { keyword: 'x-decimal', message, params: {} },
        ];
        return false;
      }
      return true;
    },
  });
  return ajv;
}
