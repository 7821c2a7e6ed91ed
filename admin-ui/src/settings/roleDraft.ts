import {
  ANY_OBJECT,
  RECORD_ACTIONS,
  type ObjectScopes,
  type PermissionsWire,
  type PropertyAccess,
} from 'src/auth/types';

/**
 * A role as the role editor holds it: the `*` row (the default, also for objects created later),
 * one row per object that is either its own scopes or "same as the default" (null), property
 * access per object, and the two settings flags. The wire keeps only what differs from the
 * default, so an object left on the default follows later changes of it.
 */
export interface RoleDraft {
  name: string;
  defaults: ObjectScopes;
  objects: Record<string, ObjectScopes | null>;
  properties: Record<string, Record<string, PropertyAccess>>;
  manageDataModel: boolean;
  manageAccess: boolean;
}

export const NO_SCOPES: ObjectScopes = {
  read: 'none',
  create: 'none',
  update: 'none',
  delete: 'none',
};

/** A new role: reads everything, changes nothing, until the admin says otherwise. */
export function emptyDraft(objectNames: string[]): RoleDraft {
  return {
    name: '',
    defaults: { ...NO_SCOPES, read: 'all' },
    objects: Object.fromEntries(objectNames.map((name) => [name, null])),
    properties: {},
    manageDataModel: false,
    manageAccess: false,
  };
}

/** The editor's rows for a stored role: every current object, plus any the role names that are gone. */
export function draftFromWire(
  name: string,
  permissions: PermissionsWire,
  objectNames: string[],
): RoleDraft {
  const named = Object.keys(permissions.objects).filter((object) => object !== ANY_OBJECT);
  const rows = [...objectNames, ...named.filter((object) => !objectNames.includes(object))];
  return {
    name,
    defaults: { ...(permissions.objects[ANY_OBJECT] ?? NO_SCOPES) },
    objects: Object.fromEntries(
      rows.map((object) => {
        const own = permissions.objects[object];
        return [object, own ? { ...own } : null];
      }),
    ),
    properties: Object.fromEntries(
      Object.entries(permissions.properties).map(([object, byProperty]) => [
        object,
        { ...byProperty },
      ]),
    ),
    manageDataModel: permissions.manage_data_model,
    manageAccess: permissions.manage_access,
  };
}

/** The body the server stores: `*`, the objects with their own scopes, non-empty property maps. */
export function draftToWire(draft: RoleDraft): PermissionsWire {
  const objects: Record<string, ObjectScopes> = { [ANY_OBJECT]: { ...draft.defaults } };
  for (const [object, scopes] of Object.entries(draft.objects)) {
    if (scopes) {
      objects[object] = { ...scopes };
    }
  }
  const properties: Record<string, Record<string, PropertyAccess>> = {};
  for (const [object, byProperty] of Object.entries(draft.properties)) {
    if (Object.keys(byProperty).length > 0) {
      properties[object] = { ...byProperty };
    }
  }
  return {
    objects,
    properties,
    manage_data_model: draft.manageDataModel,
    manage_access: draft.manageAccess,
  };
}

/** The scopes an object row stands for: its own, else the default's. */
export function effectiveScopes(draft: RoleDraft, object: string): ObjectScopes {
  return draft.objects[object] ?? draft.defaults;
}

/** A property's access set (`undefined`: as the object, the default). */
export function withPropertyAccess(
  draft: RoleDraft,
  object: string,
  property: string,
  access: PropertyAccess | undefined,
): RoleDraft {
  const { [property]: _previous, ...others } = draft.properties[object] ?? {};
  return {
    ...draft,
    properties: {
      ...draft.properties,
      [object]: access ? { ...others, [property]: access } : others,
    },
  };
}

/** Role names: what the server accepts as a path segment and a stored name. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export function roleNameProblem(name: string, taken: string[]): string | null {
  if (!ROLE_NAME_PATTERN.test(name)) {
    return 'Lower-case letters, digits and _, starting with a letter.';
  }
  return taken.includes(name) ? 'A role with this name exists already.' : null;
}

export { RECORD_ACTIONS };
