import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { HubSpotNames, ObjectDefinitionInput } from 'src/object-definitions/definition.types';

/**
 * The record's own fields under HubSpot's names. `hs_object_id`, `createdate` and
 * `lastmodifieddate` are always in a HubSpot record's properties; they are read-only here too.
 */
export const HUBSPOT_RECORD_FIELDS: ReadonlyMap<string, string> = new Map([
  ['hs_object_id', 'id'],
  ['createdate', 'created_at'],
  ['hs_createdate', 'created_at'],
  ['lastmodifieddate', 'updated_at'],
  ['hs_lastmodifieddate', 'updated_at'],
  ['hubspot_owner_id', 'owner_id'],
]);

/** Fields a write may not set (HubSpot ignores them too). */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'hs_object_id',
  'createdate',
  'hs_createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
]);

/**
 * One Plinth object as the HubSpot surface sees it: its HubSpot name and objectTypeId, and the
 * property names both ways (admin-defined properties keep their names).
 */
export interface HubSpotObject {
  definition: CompiledDefinition;
  name: string;
  objectTypeId: string;
  /** HubSpot property name → Plinth property name (only the renamed ones). */
  toPlinth: ReadonlyMap<string, string>;
  /** Plinth property name → HubSpot property name (only the renamed ones). */
  toHubSpot: ReadonlyMap<string, string>;
}

/**
 * A custom object's objectTypeId, `2-<n>`: n is the last 12 hex digits of its definition id (the
 * random part of a UUID v4 or v7), so it is stable for the definition's life and needs no table.
 */
export function customObjectTypeId(definitionId: string): string {
  return `2-${Number.parseInt(definitionId.replace(/-/g, '').slice(-12), 16)}`;
}

/** The `hubspot` blocks of the shipped definition files, by Plinth object name. */
export function systemNamesOf(inputs: ObjectDefinitionInput[]): Map<string, HubSpotNames> {
  return new Map(
    inputs.flatMap((input) => (input.hubspot ? [[input.name, input.hubspot] as const] : [])),
  );
}

export function hubSpotObjectOf(
  definition: CompiledDefinition,
  names: HubSpotNames | undefined,
): HubSpotObject {
  const renamed = Object.entries(names?.properties ?? {}).filter(
    ([hubspot, plinth]) => hubspot !== plinth && definition.propertyByName.has(plinth),
  );
  return {
    definition,
    name: names?.name ?? definition.name,
    objectTypeId: names?.object_type_id ?? customObjectTypeId(definition.id),
    toPlinth: new Map(renamed),
    toHubSpot: new Map(renamed.map(([hubspot, plinth]) => [plinth, hubspot])),
  };
}

/**
 * The Plinth object an `{objectType}` names: HubSpot's name or id of a system object
 * (`contacts`, `0-1`), a custom object's `2-<n>`, or any object's own name. undefined: none.
 */
export function objectNameOf(
  objectType: string,
  definitions: CompiledDefinition[],
  systemNames: ReadonlyMap<string, HubSpotNames>,
): string | undefined {
  const wanted = objectType.trim().toLowerCase();
  for (const [plinthName, names] of systemNames) {
    if (names.name === wanted || names.object_type_id === wanted) {
      return plinthName;
    }
  }
  const found = /^2-\d+$/.test(wanted)
    ? definitions.find((definition) => customObjectTypeId(definition.id) === wanted)
    : definitions.find((definition) => definition.name === wanted);
  return found?.name;
}

export function unknownObjectType(objectType: string): AppError {
  return new AppError(
    ErrorCode.DefinitionNotFound,
    `Unable to infer object type from: ${objectType}`,
    { objectType: `unknown object type "${objectType}"` },
  );
}

/** The Plinth name of a HubSpot property name (record fields included); undefined when unknown. */
export function plinthNameOf(object: HubSpotObject, hubspotName: string): string | undefined {
  const field = HUBSPOT_RECORD_FIELDS.get(hubspotName);
  if (field) {
    return field;
  }
  const renamed = object.toPlinth.get(hubspotName);
  if (renamed) {
    return renamed;
  }
  // A renamed property also answers to its Plinth name, unless a HubSpot name took it (above).
  return object.definition.propertyByName.has(hubspotName) ? hubspotName : undefined;
}

export function hubSpotNameOf(object: HubSpotObject, plinthName: string): string {
  return object.toHubSpot.get(plinthName) ?? plinthName;
}
