import type { PropertyDefinition } from './definition.types';
import { PROPERTY_TYPE_SPECS, type SqlKind } from './property-types';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
/** Text is ordered (and indexed) by its first characters: btree entries have a size limit. */
export const TEXT_ORDER_PREFIX = 200;
/**
 * Dates and booleans are short when valid; the bound keeps another object's long text under the
 * same property name from exceeding a btree entry (which would fail that object's writes and the
 * shared index's build).
 */
export const SHORT_VALUE_PREFIX = 64;

/**
 * A property name as a SQL literal. Names reach here only after they were found in the
 * definition; the identifier check is the second lock on that door.
 */
export function jsonKey(property: PropertyDefinition): string {
  if (!IDENTIFIER.test(property.name)) {
    throw new Error(
      `refusing a property name that is not an identifier: ${JSON.stringify(property.name)}`,
    );
  }
  return `'${property.name}'`;
}

export function kindOf(property: PropertyDefinition): SqlKind {
  return PROPERTY_TYPE_SPECS[property.type].sqlKind;
}

function columnOf(alias: string | undefined): string {
  return alias ? `${alias}.properties` : 'properties';
}

/** How a filter value is cast to compare with `valueExpression` (text when absent). */
export const COMPARISON_CASTS: Partial<Record<SqlKind, string>> = {
  numeric: 'numeric',
  timestamptz: 'timestamptz',
};

/**
 * The property's value as SQL of its kind: numbers numerically, datetimes chronologically (through
 * casts that yield NULL, never an error, for another object's odd value), ISO dates as their text
 * (which orders chronologically), emails ignoring case.
 *
 * Runtime indexes are shared by every object with a property of that name, so these expressions
 * must never fail and stay small whatever another object stores under the name:
 * `plinth_number` is NULL for a digit string too long for `numeric`, dates and booleans are cut.
 */
export function valueExpression(property: PropertyDefinition, alias?: string): string {
  const text = `(${columnOf(alias)}->>${jsonKey(property)})`;
  const kind = kindOf(property);
  if (kind === 'numeric') {
    return `plinth_number${text}`;
  }
  if (kind === 'timestamptz') {
    return `plinth_timestamptz${text}`;
  }
  if (kind === 'date' || kind === 'boolean') {
    return `left${text.slice(0, -1)}, ${SHORT_VALUE_PREFIX})`;
  }
  return PROPERTY_TYPE_SPECS[property.type].isCaseInsensitive ? `lower${text}` : text;
}

/**
 * What lists sort by, and what runtime indexes index: `(object_definition_id, <this>, id)`. The
 * planner matches it to a query only when both spell it the same, so both come from here.
 */
export function orderExpression(property: PropertyDefinition, alias?: string): string {
  const kind = kindOf(property);
  if (kind === 'array' || kind === 'json') {
    return `(${columnOf(alias)}->${jsonKey(property)})`;
  }
  if (kind === 'text') {
    return `left(lower(${columnOf(alias)}->>${jsonKey(property)}), ${TEXT_ORDER_PREFIX})`;
  }
  return valueExpression(property, alias);
}

/** The record has the property (a cheap first test before costlier conditions on its value). */
export function hasPropertyCondition(property: PropertyDefinition, alias?: string): string {
  return `${columnOf(alias)} ? ${jsonKey(property)}`;
}
