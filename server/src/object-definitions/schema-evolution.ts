import { isDeepStrictEqual } from 'node:util';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { PropertyDefinition, PropertyType } from './definition.types';

/** What existing data must be checked before a property change is allowed. */
export interface DataChecks {
  /** Present values must satisfy the new type and constraints. */
  values: boolean;
  /** Every record must have a value (required, no default). */
  presence: boolean;
  /** No two records may share a value. */
  uniqueness: boolean;
  /** json values must satisfy a new structure (checked by AJV, in batches). */
  jsonStructure: boolean;
}

/** Type changes that can never invalidate a value. */
const WIDENINGS: Partial<Record<PropertyType, PropertyType[]>> = {
  integer: ['number'],
  text: ['long_text'],
  email: ['text', 'long_text'],
  phone: ['text', 'long_text'],
  url: ['text', 'long_text'],
  enumeration: ['text', 'long_text'],
  percent: ['number'],
};

const isTighterMin = (before?: number, after?: number): boolean =>
  after !== undefined && (before === undefined || after > before);
const isTighterMax = (before?: number, after?: number): boolean =>
  after !== undefined && (before === undefined || after < before);

function constraintsTightened(before: PropertyDefinition, after: PropertyDefinition): boolean {
  // Options only constrain an enumeration: enumeration → text drops them and loosens the rule.
  const removedOption =
    after.options !== undefined &&
    (before.options ?? []).some(
      (option) => !(after.options ?? []).some((kept) => kept.value === option.value),
    );
  return (
    isTighterMin(before.min_length, after.min_length) ||
    isTighterMax(before.max_length, after.max_length) ||
    (after.pattern !== undefined && after.pattern !== before.pattern) ||
    isTighterMin(before.minimum, after.minimum) ||
    isTighterMax(before.maximum, after.maximum) ||
    isTighterMax(before.precision ?? 2, after.precision ?? 2) ||
    isTighterMax(before.max_items, after.max_items) ||
    removedOption
  );
}

/**
 * Which data checks a change needs. Widening changes (integer → number, text → long_text, more
 * options, looser constraints) need none and always succeed, at any record count.
 */
export function requiredChecks(before: PropertyDefinition, after: PropertyDefinition): DataChecks {
  const typeChanged = before.type !== after.type;
  const isWidening = typeChanged && (WIDENINGS[before.type] ?? []).includes(after.type);
  return {
    values: (typeChanged && !isWidening) || constraintsTightened(before, after),
    presence: !!after.required && !before.required && after.default === undefined,
    // Guard rows hold `uniqueKey`s, which lower-case emails: a change in or out of email re-keys.
    uniqueness:
      !!after.unique && (!before.unique || (before.type === 'email') !== (after.type === 'email')),
    jsonStructure:
      after.type === 'json' &&
      after.schema !== undefined &&
      !isDeepStrictEqual(before.schema, after.schema),
  };
}

/** Types whose formats SQL can only approximate (a real date, an address ajv-formats accepts). */
const FORMATTED_TYPES: readonly PropertyType[] = ['email', 'url', 'date', 'datetime'];

/**
 * Whether existing values must be checked by AJV, as records are, rather than in SQL: patterns
 * are JavaScript regular expressions (`\p{Lu}`, `\b`), which PostgreSQL's differ from.
 */
export function isCheckedByAjv(property: PropertyDefinition): boolean {
  return property.pattern !== undefined || FORMATTED_TYPES.includes(property.type);
}

export function needsAnyCheck(checks: DataChecks): boolean {
  return checks.values || checks.presence || checks.uniqueness || checks.jsonStructure;
}

/**
 * docs/domain.md: system properties cannot be deleted, retyped or loosened below what the domain needs
 * (their options, required and unique stay); labels, descriptions and new options are fine.
 */
export function assertSystemPropertyChange(
  before: PropertyDefinition,
  after: PropertyDefinition,
): void {
  const refuse = (message: string): never => {
    throw new AppError(ErrorCode.Conflict, `${before.name} is a system property: ${message}`, {
      [before.name]: message,
    });
  };
  if (after.type !== before.type) {
    refuse('its type cannot change');
  }
  if (before.required && !after.required) {
    refuse('it stays required');
  }
  if (before.unique && !after.unique) {
    refuse('it stays unique');
  }
  const removed = (before.options ?? []).filter(
    (o) => !(after.options ?? []).some((k) => k.value === o.value),
  );
  if (removed.length > 0) {
    refuse(`its options ${removed.map((o) => o.value).join(', ')} cannot be removed`);
  }
}

/** Fields a property PATCH may not carry: the name is the API key and never changes. */
export function assertNameUnchanged(
  before: PropertyDefinition,
  patch: Record<string, unknown>,
): void {
  if (patch.name !== undefined && patch.name !== before.name) {
    throw new AppError(
      ErrorCode.BadRequest,
      `A property's name never changes (it is the API key); change its label instead`,
      {
        name: 'cannot be changed',
      },
    );
  }
}
