import { canonicalDateTime } from 'src/common/date-time';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { uniqueKey } from 'src/object-definitions/property-types';
import { displayName, searchText } from 'src/object-definitions/record-search-text';
import { OWNERSHIP_FIELDS } from './record-actors';
import { summarizeFieldErrors, validateRecordProperties } from './record-properties.validator';
import type { UniqueClaim } from './records.repository';

export { displayName, searchText };

/** Fields of the record itself: accepted in a body (react-admin sends them back) and ignored. */
const RECORD_OWN_FIELDS = new Set([
  'id',
  'created_at',
  'updated_at',
  'archived_at',
  'archived_by',
  'version',
  'display_name',
  // Stamped by Plinth (record-actors.ts); `owner_id` is read apart by the authorize stage.
  ...OWNERSHIP_FIELDS,
]);

/** A field of the record itself (id, timestamps, owner and actors), never a property. */
export function isBuiltInField(name: string): boolean {
  return RECORD_OWN_FIELDS.has(name);
}

export interface BodyOptions {
  /** Plinth itself writes (seeds, imports): read-only properties may be set. */
  isTrusted?: boolean;
}

/** The body's properties, without the record's own fields and (unless trusted) read-only ones. */
export function writableProperties(
  definition: CompiledDefinition,
  body: unknown,
  options: BodyOptions,
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError(
      ErrorCode.BadRequest,
      `The body must be a JSON object of ${definition.name} properties`,
    );
  }
  // Entries, not assignments: `properties['__proto__'] = …` would set the prototype and drop the
  // key, where any other unknown key is refused by validation.
  const entries: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const property = definition.propertyByName.get(name);
    if (RECORD_OWN_FIELDS.has(name) || (property?.read_only && !options.isTrusted)) {
      continue;
    }
    // Stored in the one form date filters compare (normalize stage).
    entries.push([
      name,
      property?.type === 'datetime' && typeof value === 'string' ? canonicalDateTime(value) : value,
    ]);
  }
  return Object.fromEntries(entries);
}

/** A property's value only when the record has it: never an Object.prototype member. */
function ownValue(properties: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(properties, name) ? properties[name] : undefined;
}

/** Properties a new record lacks get their defaults. */
export function withDefaults(
  definition: CompiledDefinition,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  const result = { ...properties };
  for (const property of definition.properties) {
    if (
      property.default !== undefined &&
      (ownValue(result, property.name) === undefined || result[property.name] === null)
    ) {
      result[property.name] = property.default;
    }
  }
  return result;
}

/** Throws 400 VALIDATION_FAILED naming every failing property. */
export function assertValid(
  definition: CompiledDefinition,
  properties: Record<string, unknown>,
): void {
  const errors = validateRecordProperties(definition.validate, definition.name, properties);
  if (errors) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      summarizeFieldErrors(definition.name, errors),
      errors,
    );
  }
}

/** The values a record holds of its unique properties, normalized for comparison. */
export function uniqueClaims(
  definition: CompiledDefinition,
  properties: Record<string, unknown>,
): UniqueClaim[] {
  return definition.properties
    .filter(
      (property) =>
        property.unique &&
        ownValue(properties, property.name) !== undefined &&
        properties[property.name] !== null,
    )
    .map((property) => ({
      property: property.name,
      value: uniqueKey(property, properties[property.name]),
    }));
}

/**
 * Stored properties as reads show them: values of deleted ones are left out, and a required
 * property added later with a default reads as that default (records.dto.ts).
 */
export function visible(
  definition: CompiledDefinition,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  const shown: Record<string, unknown> = Object.fromEntries(
    Object.entries(properties).filter(([name]) => definition.propertyByName.has(name)),
  );
  for (const property of definition.properties) {
    if (
      property.required &&
      property.default !== undefined &&
      !Object.hasOwn(shown, property.name)
    ) {
      shown[property.name] = property.default;
    }
  }
  return shown;
}

/** The properties without those set to `null` (a write's way of leaving one out or removing it). */
export function withoutNulls(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== null));
}
