import type { JsonSchema, PropertyDefinition, PropertyType } from './definition.types';

/** How a property's values compare in SQL: decides casts for sorting and typed filters. */
export type SqlKind = 'text' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'array' | 'json';

interface PropertyTypeRules {
  sqlKind: SqlKind;
  /** Searched by `q` (matched case-insensitively as text). */
  isSearchable: boolean;
  /** The schema of one value, without the property's own constraints. */
  valueSchema(property: PropertyDefinition): JsonSchema;
  /** The property's constraints added to the value schema. */
  constraints(property: PropertyDefinition): JsonSchema;
}

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

const none = (): JsonSchema => ({});

export const PROPERTY_TYPE_RULES: Record<PropertyType, PropertyTypeRules> = {
  text: {
    sqlKind: 'text',
    isSearchable: true,
    valueSchema: () => ({ type: 'string' }),
    constraints: lengthRules,
  },
  long_text: {
    sqlKind: 'text',
    isSearchable: true,
    valueSchema: () => ({ type: 'string' }),
    constraints: lengthRules,
  },
  email: {
    sqlKind: 'text',
    isSearchable: true,
    valueSchema: () => ({ type: 'string', format: 'email' }),
    constraints: lengthRules,
  },
  phone: {
    sqlKind: 'text',
    isSearchable: true,
    valueSchema: () => ({ type: 'string', pattern: PHONE_PATTERN }),
    constraints: lengthRules,
  },
  url: {
    sqlKind: 'text',
    isSearchable: true,
    valueSchema: () => ({ type: 'string', format: 'uri', pattern: '^https?://' }),
    constraints: lengthRules,
  },
  number: {
    sqlKind: 'numeric',
    isSearchable: false,
    valueSchema: () => ({ type: 'number' }),
    constraints: rangeRules,
  },
  integer: {
    sqlKind: 'numeric',
    isSearchable: false,
    valueSchema: () => ({ type: 'integer' }),
    constraints: rangeRules,
  },
  percent: {
    sqlKind: 'numeric',
    isSearchable: false,
    valueSchema: () => ({ type: 'number' }),
    constraints: rangeRules,
  },
  currency: {
    sqlKind: 'numeric',
    isSearchable: false,
    valueSchema: (property) => ({
      type: ['string', 'number'],
      pattern: `^-?\\d{1,20}(\\.\\d{1,${Math.max(property.precision ?? 2, 1)}})?$`,
    }),
    constraints: (property) => ({ 'x-decimal': decimalRule(property) }),
  },
  boolean: {
    sqlKind: 'boolean',
    isSearchable: false,
    valueSchema: () => ({ type: 'boolean' }),
    constraints: none,
  },
  date: {
    sqlKind: 'date',
    isSearchable: false,
    valueSchema: () => ({ type: 'string', format: 'date' }),
    constraints: none,
  },
  datetime: {
    sqlKind: 'timestamptz',
    isSearchable: false,
    valueSchema: () => ({ type: 'string', format: 'date-time' }),
    constraints: none,
  },
  enumeration: {
    sqlKind: 'text',
    isSearchable: false,
    valueSchema: (property) => ({ type: 'string', enum: optionValues(property) }),
    constraints: none,
  },
  multi_enumeration: {
    sqlKind: 'array',
    isSearchable: false,
    valueSchema: (property) => ({
      type: 'array',
      items: { type: 'string', enum: optionValues(property) },
      uniqueItems: true,
    }),
    constraints: (property) =>
      property.max_items !== undefined ? { maxItems: property.max_items } : {},
  },
  json: {
    sqlKind: 'json',
    isSearchable: false,
    valueSchema: (property) => property.schema ?? {},
    constraints: none,
  },
};

/** The value unique properties are compared by: emails ignore letter case (docs/domain.md). */
export function uniqueKey(property: PropertyDefinition, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return property.type === 'email' ? text.trim().toLowerCase() : text;
}
