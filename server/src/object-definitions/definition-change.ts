import { compare } from 'fast-json-patch';
import {
  identityFields,
  type ObjectDefinitionInput,
  type PropertyDefinition,
} from './definition.types';
import type { ObjectDefinitionRow } from './object-definitions.repository';

/** A property hidden from the API and the schema; its values stay in the records until purged. */
export interface DeletedProperty extends PropertyDefinition {
  deleted_at: string;
  /** Set when its purge begins: values then go in batches, and it can no longer be restored. */
  purge_started_at?: string;
}

/** The deleted properties a stored row keeps, purging or not. */
export function deletedPropertiesOf(row: ObjectDefinitionRow): DeletedProperty[] {
  return (row.deletedProperties ?? []) as DeletedProperty[];
}

/** The declarative definition (the wire and file format) a stored row describes. */
export function toDefinitionInput(row: ObjectDefinitionRow): ObjectDefinitionInput {
  return {
    name: row.name,
    labels: { singular: row.labelSingular, plural: row.labelPlural },
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.navGroup !== null ? { group: row.navGroup } : {}),
    ...(row.icon !== null ? { icon: row.icon } : {}),
    ...(row.color !== null ? { color: row.color } : {}),
    ...(row.primaryDisplayProperty !== null
      ? { primary_display_property: row.primaryDisplayProperty }
      : {}),
    ...identityFields(row.identity),
    properties: row.properties as PropertyDefinition[],
  };
}

/** Properties keyed by name, so a diff reads `/properties/weight_kg/label`, not an index. */
function keyed(definition: ObjectDefinitionInput): Record<string, unknown> {
  return {
    ...definition,
    properties: Object.fromEntries(
      definition.properties.map((property) => [property.name, property]),
    ),
  };
}

/** RFC 6902 operations turning one version of a definition into the next. */
export function diffDefinitions(
  before: ObjectDefinitionInput | undefined,
  after: ObjectDefinitionInput,
): unknown[] {
  return compare(before ? keyed(before) : {}, keyed(after));
}

/** Drops keys whose value is null: in a PATCH, null removes an optional field (a constraint). */
export function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}
