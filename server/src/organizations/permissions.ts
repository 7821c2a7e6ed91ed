/**
 * What a role may do in an organization (docs/architecture.md, "Access"). A role's permissions are
 * data: per object (or `*`, the default for every object without an entry, including objects
 * created later) each record action has a scope; per object and property an access narrower than
 * the object's; and two flags for the organization's settings.
 */

/** Which records an action reaches: every record, the records the member owns, or none. */
export type Scope = 'all' | 'own' | 'none';

export const RECORD_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export type ObjectPermissions = Readonly<Record<RecordAction, Scope>>;

/** `hidden`: absent from every read and refused in writes; `read_only`: visible, never written. */
export type PropertyAccess = 'hidden' | 'read_only';

/** The default entry of `objects`: it applies to every object without one of its own. */
export const ANY_OBJECT = '*';

export interface Permissions {
  /** Object name (or `*`) → the scope of each action. */
  readonly objects: Readonly<Record<string, ObjectPermissions>>;
  /** Object name → property name → a narrower access than the object's. */
  readonly properties: Readonly<Record<string, Readonly<Record<string, PropertyAccess>>>>;
  /** Object and association definitions, their import/export, purges. */
  readonly manageDataModel: boolean;
  /** Members, roles, API keys, webhooks. */
  readonly manageAccess: boolean;
}

export const BUILT_IN_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

const ALL: ObjectPermissions = { read: 'all', create: 'all', update: 'all', delete: 'all' };
const NONE: ObjectPermissions = { read: 'none', create: 'none', update: 'none', delete: 'none' };

/** The built-in roles' permissions (DOMAIN.md's tenancy: owner, admin, member, viewer). */
export const BUILT_IN_PERMISSIONS: Readonly<Record<BuiltInRole, Permissions>> = {
  owner: {
    objects: { [ANY_OBJECT]: ALL },
    properties: {},
    manageDataModel: true,
    manageAccess: true,
  },
  admin: {
    objects: { [ANY_OBJECT]: ALL },
    properties: {},
    manageDataModel: true,
    manageAccess: true,
  },
  member: {
    objects: { [ANY_OBJECT]: { read: 'all', create: 'all', update: 'all', delete: 'own' } },
    properties: {},
    manageDataModel: false,
    manageAccess: false,
  },
  viewer: {
    objects: { [ANY_OBJECT]: { ...NONE, read: 'all' } },
    properties: {},
    manageDataModel: false,
    manageAccess: false,
  },
};

export function isBuiltInRole(name: string): name is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(name);
}

/** The scope of each action on one object: its own entry, else the `*` entry, else none. */
export function objectPermissions(permissions: Permissions, object: string): ObjectPermissions {
  return ownValue(permissions.objects, object) ?? ownValue(permissions.objects, ANY_OBJECT) ?? NONE;
}

/** A property's access narrower than its object's, if the role sets one. */
export function propertyAccess(
  permissions: Permissions,
  object: string,
  property: string,
): PropertyAccess | undefined {
  const byProperty = ownValue(permissions.properties, object);
  return byProperty ? ownValue(byProperty, property) : undefined;
}

/** The properties of an object the role hides (empty for most roles: the fast path). */
export function hiddenProperties(permissions: Permissions, object: string): string[] {
  const byProperty = ownValue(permissions.properties, object) ?? {};
  return Object.keys(byProperty).filter((name) => byProperty[name] === 'hidden');
}

function ownValue<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
