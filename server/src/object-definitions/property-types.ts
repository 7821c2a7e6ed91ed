import { compareDecimal, decimalPlaces, isDecimal } from 'src/common/money';
import type { JsonSchema, PropertyDefinition, PropertyType } from './definition.types';

/** How a property's values compare in SQL: decides casts for sorting and typed filters. */
export type SqlKind = 'text' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'array' | 'json';

/** What a runtime index of the property orders by; none for json, multi-select and long text. */
export type IndexKind = 'text' | 'numeric' | 'boolean' | 'date' | 'timestamptz';

/**
 * What a property filter can do: the list filters' operators (`{prop}` is `eq`, the others are
 * suffixes such as `amount_gte`), plus `token` (search's CONTAINS_TOKEN).
 */
export const PROPERTY_OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'exists',
  /** multi_enumeration: has all of the values (plain equality on one means "has any"). */
  'all',
  'token',
] as const;
export type PropertyOperator = (typeof PROPERTY_OPERATORS)[number];

/**
 * Everything the server knows about one property type, in one place (docs/architecture.md, "Where
 * to add …"): a new type is one entry of `PROPERTY_TYPE_SPECS`.
 */
export interface PropertyTypeSpec {
  /** The SQL kind of the value expression (property-expressions.ts): casts, sorting, filters. */
  sqlKind: SqlKind;
  /** The kind of its runtime index (property-indexes/), or null when it gets none. */
  indexKind: IndexKind | null;
  /**
   * Compared ignoring letter case (emails, docs/domain.md): its value expression, filters and
   * unique keys lower-case it.
   */
  isCaseInsensitive: boolean;
  /** Searched by `q` (matched case-insensitively as text). */
  isSearchable: boolean;
  /** The schema of one value, without the property's own constraints. */
  valueSchema(property: PropertyDefinition): JsonSchema;
  /** The property's constraints added to the value schema. */
  constraints(property: PropertyDefinition): JsonSchema;
  /** The filter operators a property of the type takes (list filters, search, OpenAPI). */
  operators: readonly PropertyOperator[];
  /** The OpenAPI example of a property: candidates best first, the first that `fits` is used. */
  example: {
    candidates(property: PropertyDefinition): unknown[];
    /** Whether a candidate keeps the property's constraints (its shape is the candidate's). */
    fits(value: unknown, property: PropertyDefinition): boolean;
  };
}

/** Operators by SQL kind: ordered kinds compare by order, text also by substring and word. */
const EQUALITY: readonly PropertyOperator[] = ['eq', 'neq', 'in', 'nin', 'exists'];
const ORDERED: readonly PropertyOperator[] = [...EQUALITY, 'gt', 'gte', 'lt', 'lte'];
const TEXT_OPERATORS: readonly PropertyOperator[] = [...ORDERED, 'contains', 'token'];
const ARRAY_OPERATORS: readonly PropertyOperator[] = [...EQUALITY, 'contains', 'all'];
/** A json value is only tested for equality or existence. */
const JSON_OPERATORS: readonly PropertyOperator[] = ['eq', 'neq', 'exists'];

const PHONE_PATTERN = '^\\+?[(]?[0-9][0-9 ().\\-]{2,31}$';
const DEFAULT_MAX_LENGTH: Partial<Record<PropertyType, number>> = {
  text: 65535,
  long_text: 1000000,
  email: 254,
  phone: 32,
  url: 2048,
};

function lengthRules(property: PropertyDefinition): JsonSchema {
  return {
    ...(property.min_length !== undefined ? { minLength: property.min_length } : {}),
    maxLength: property.max_length ?? DEFAULT_MAX_LENGTH[property.type],
    ...(property.pattern !== undefined ? { pattern: property.pattern } : {}),
  };
}

function rangeRules(property: PropertyDefinition): JsonSchema {
  return {
    ...(property.minimum !== undefined ? { minimum: property.minimum } : {}),
    ...(property.maximum !== undefined ? { maximum: property.maximum } : {}),
  };
}

function optionValues(property: PropertyDefinition): string[] {
  return (property.options ?? []).map((option) => option.value);
}

/** `x-decimal`: a money amount as a decimal string or number, checked without binary floats. */
export function decimalRule(property: PropertyDefinition): JsonSchema {
  return {
    precision: property.precision ?? 2,
    ...(property.minimum !== undefined ? { minimum: property.minimum } : {}),
    ...(property.maximum !== undefined ? { maximum: property.maximum } : {}),
  };
}

function firstOption(property: PropertyDefinition): string | undefined {
  const options = (property.options ?? []).map((option, index) => ({ ...option, index }));
  options.sort((a, b) => (a.order ?? a.index) - (b.order ?? b.index));
  return options[0]?.value;
}

function isOption(value: unknown, property: PropertyDefinition): boolean {
  return (property.options ?? []).some((option) => option.value === value);
}

function isWithin(value: number, property: PropertyDefinition): boolean {
  return (
    (property.minimum === undefined || value >= property.minimum) &&
    (property.maximum === undefined || value <= property.maximum)
  );
}

function textFits(value: unknown, property: PropertyDefinition): boolean {
  return (
    typeof value === 'string' &&
    value.length >= (property.min_length ?? 0) &&
    (property.max_length === undefined || value.length <= property.max_length) &&
    (property.pattern === undefined || new RegExp(property.pattern, 'u').test(value))
  );
}

const numberFits = (value: unknown, property: PropertyDefinition): boolean =>
  typeof value === 'number' && isWithin(value, property);

function currencyFits(value: unknown, property: PropertyDefinition): boolean {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  return (
    isDecimal(text) &&
    decimalPlaces(text) <= (property.precision ?? 2) &&
    (property.minimum === undefined || compareDecimal(text, String(property.minimum)) >= 0) &&
    (property.maximum === undefined || compareDecimal(text, String(property.maximum)) <= 0)
  );
}

const none = (): JsonSchema => ({});

const isString = (value: unknown): boolean => typeof value === 'string';

export const PROPERTY_TYPE_SPECS: Record<PropertyType, PropertyTypeSpec> = {
  text: {
    sqlKind: 'text',
    indexKind: 'text',
    isCaseInsensitive: false,
    isSearchable: true,
    valueSchema: () => ({ type: 'string' }),
    constraints: lengthRules,
    operators: TEXT_OPERATORS,
    example: { candidates: (p) => ['Example text', 'x'.repeat(p.min_length ?? 1)], fits: textFits },
  },
  long_text: {
    sqlKind: 'text',
    indexKind: null,
    isCaseInsensitive: false,
    isSearchable: true,
    valueSchema: () => ({ type: 'string' }),
    constraints: lengthRules,
    operators: TEXT_OPERATORS,
    example: {
      candidates: (p) => [
        'A longer text: notes, several sentences long.',
        'x'.repeat(p.min_length ?? 1),
      ],
      fits: textFits,
    },
  },
  email: {
    sqlKind: 'text',
    indexKind: 'text',
    isCaseInsensitive: true,
    isSearchable: true,
    valueSchema: () => ({ type: 'string', format: 'email' }),
    constraints: lengthRules,
    operators: TEXT_OPERATORS,
    example: { candidates: () => ['ann.lee@example.com'], fits: textFits },
  },
  phone: {
    sqlKind: 'text',
    indexKind: 'text',
    isCaseInsensitive: false,
    isSearchable: true,
    valueSchema: () => ({ type: 'string', pattern: PHONE_PATTERN }),
    constraints: lengthRules,
    operators: TEXT_OPERATORS,
    example: { candidates: () => ['+1 555 0100'], fits: textFits },
  },
  url: {
    sqlKind: 'text',
    indexKind: 'text',
    isCaseInsensitive: false,
    isSearchable: true,
    valueSchema: () => ({ type: 'string', format: 'uri', pattern: '^https?://' }),
    constraints: lengthRules,
    operators: TEXT_OPERATORS,
    example: { candidates: () => ['https://example.com/'], fits: textFits },
  },
  number: {
    sqlKind: 'numeric',
    indexKind: 'numeric',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: () => ({ type: 'number' }),
    constraints: rangeRules,
    operators: ORDERED,
    example: { candidates: (p) => [42.5, p.minimum, p.maximum], fits: numberFits },
  },
  integer: {
    sqlKind: 'numeric',
    indexKind: 'numeric',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: () => ({ type: 'integer' }),
    constraints: rangeRules,
    operators: ORDERED,
    example: {
      candidates: (p) => [
        42,
        p.minimum === undefined ? undefined : Math.ceil(p.minimum),
        p.maximum === undefined ? undefined : Math.floor(p.maximum),
      ],
      fits: (value, p) => Number.isInteger(value) && isWithin(value as number, p),
    },
  },
  percent: {
    sqlKind: 'numeric',
    indexKind: 'numeric',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: () => ({ type: 'number' }),
    constraints: rangeRules,
    operators: ORDERED,
    example: { candidates: (p) => [25, p.minimum, p.maximum], fits: numberFits },
  },
  currency: {
    sqlKind: 'numeric',
    indexKind: 'numeric',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: (property) => ({
      type: ['string', 'number'],
      pattern: `^-?\\d{1,20}(\\.\\d{1,${Math.max(property.precision ?? 2, 1)}})?$`,
    }),
    constraints: (property) => ({ 'x-decimal': decimalRule(property) }),
    operators: ORDERED,
    example: {
      candidates: (p) =>
        [1250, p.minimum, p.maximum].map((n) =>
          n === undefined ? n : n.toFixed(p.precision ?? 2),
        ),
      fits: currencyFits,
    },
  },
  boolean: {
    sqlKind: 'boolean',
    indexKind: 'boolean',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: () => ({ type: 'boolean' }),
    constraints: none,
    operators: EQUALITY,
    example: { candidates: () => [true], fits: (value) => typeof value === 'boolean' },
  },
  date: {
    sqlKind: 'date',
    indexKind: 'date',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: () => ({ type: 'string', format: 'date' }),
    constraints: none,
    operators: ORDERED,
    example: {
      candidates: () => ['2026-03-01'],
      fits: (value) => isString(value) && /^\d{4}-\d{2}-\d{2}$/.test(value as string),
    },
  },
  datetime: {
    sqlKind: 'timestamptz',
    indexKind: 'timestamptz',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: () => ({ type: 'string', format: 'date-time' }),
    constraints: none,
    operators: ORDERED,
    example: {
      candidates: () => ['2026-03-01T10:00:00Z'],
      fits: (value) =>
        isString(value) && /^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$/.test(value as string),
    },
  },
  enumeration: {
    sqlKind: 'text',
    indexKind: 'text',
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: (property) => ({ type: 'string', enum: optionValues(property) }),
    constraints: none,
    operators: TEXT_OPERATORS,
    example: { candidates: (p) => [firstOption(p)], fits: isOption },
  },
  multi_enumeration: {
    sqlKind: 'array',
    indexKind: null,
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: (property) => ({
      type: 'array',
      items: { type: 'string', enum: optionValues(property) },
      uniqueItems: true,
    }),
    constraints: (property) =>
      property.max_items !== undefined ? { maxItems: property.max_items } : {},
    operators: ARRAY_OPERATORS,
    example: {
      candidates: (p) => [firstOption(p) === undefined ? undefined : [firstOption(p)]],
      fits: (value, p) =>
        Array.isArray(value) &&
        value.length <= (p.max_items ?? value.length) &&
        new Set(value).size === value.length &&
        value.every((item) => isOption(item, p)),
    },
  },
  json: {
    sqlKind: 'json',
    indexKind: null,
    isCaseInsensitive: false,
    isSearchable: false,
    valueSchema: (property) => property.schema ?? {},
    constraints: none,
    operators: JSON_OPERATORS,
    // A json property's structure is the admin's: only its default makes a trustworthy example.
    example: { candidates: () => [], fits: () => true },
  },
};

/** Whether a property of this type takes the filter operator. */
export function takesOperator(property: PropertyDefinition, operator: PropertyOperator): boolean {
  return PROPERTY_TYPE_SPECS[property.type].operators.includes(operator);
}

/** The value unique properties are compared by: emails ignore letter case (docs/domain.md). */
export function uniqueKey(property: PropertyDefinition, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return PROPERTY_TYPE_SPECS[property.type].isCaseInsensitive ? text.trim().toLowerCase() : text;
}
