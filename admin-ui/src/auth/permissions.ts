import type { ObjectDefinition } from 'src/definitions/types';
import {
  ANY_OBJECT,
  type ObjectScopes,
  type PermissionsWire,
  type PropertyAccess,
  type RecordAction,
  type Scope,
} from './types';

/**
 * The UI's reading of a role's permissions: the same rules as the server's
 * (server/src/organizations/permissions.ts) on the wire format. The server decides; the UI only
 * avoids offering what it would refuse.
 */

const NONE: ObjectScopes = { read: 'none', create: 'none', update: 'none', delete: 'none' };

/** Every action on every object, every setting: what a screen shows when no one is signed in to ask. */
export const FULL_PERMISSIONS: PermissionsWire = {
  objects: { [ANY_OBJECT]: { read: 'all', create: 'all', update: 'all', delete: 'all' } },
  properties: {},
  manage_data_model: true,
  manage_access: true,
};

function ownValue<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** The scope of each action on one object: its own entry, else the `*` entry, else none. */
export function objectScopes(permissions: PermissionsWire, object: string): ObjectScopes {
  return ownValue(permissions.objects, object) ?? ownValue(permissions.objects, ANY_OBJECT) ?? NONE;
}

/** A property's access narrower than its object's, if the role sets one. */
export function propertyAccess(
  permissions: PermissionsWire,
  object: string,
  property: string,
): PropertyAccess | undefined {
  const byProperty = ownValue(permissions.properties, object);
  return byProperty ? ownValue(byProperty, property) : undefined;
}

/** What the screens of one object may offer. `own` scopes need the record's owner to decide. */
export interface ObjectAccess {
  read: Scope;
  create: Scope;
  update: Scope;
  delete: Scope;
  /** The signed-in member: `own` scopes reach the records whose `owner_id` it is. */
  memberId: string | null;
}

export function objectAccess(
  permissions: PermissionsWire,
  object: string,
  memberId: string | null = null,
): ObjectAccess {
  return { ...objectScopes(permissions, object), memberId };
}

export const FULL_ACCESS: ObjectAccess = objectAccess(FULL_PERMISSIONS, ANY_OBJECT);

/** Whether the action is possible on some record (a button on a list, a route). */
export function canAny(access: ObjectAccess, action: RecordAction): boolean {
  return access[action] !== 'none';
}

/** Whether the action is possible on this record: `own` only on the member's own records. */
export function canOn(
  access: ObjectAccess,
  action: RecordAction,
  record: { owner_id?: unknown } | undefined,
): boolean {
  const scope = access[action];
  if (scope === 'all') {
    return true;
  }
  // A record without owner_id (a server before ownership): let the server decide.
  return scope === 'own' && (record?.owner_id === undefined || record.owner_id === access.memberId);
}

/**
 * The definition as this role sees it: hidden properties gone (no empty column, input, filter,
 * export column or field for them) and read-only ones marked so their inputs are not editable.
 */
export function visibleDefinition(
  definition: ObjectDefinition,
  permissions: PermissionsWire,
): ObjectDefinition {
  const byProperty = ownValue(permissions.properties, definition.name);
  if (!byProperty || Object.keys(byProperty).length === 0) {
    return definition;
  }
  return {
    ...definition,
    properties: definition.properties
      .filter((property) => ownValue(byProperty, property.name) !== 'hidden')
      .map((property) =>
        ownValue(byProperty, property.name) === 'read_only'
          ? { ...property, read_only: true }
          : property,
      ),
  };
}
