import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import {
  type ObjectPermissions,
  type Permissions,
  type PropertyAccess,
  RECORD_ACTIONS,
  type Scope,
} from 'src/organizations/permissions';

/** Permissions as the API and the `role` table spell them (snake_case flags). */
export interface PermissionsWire {
  objects: Record<string, Record<string, Scope>>;
  properties: Record<string, Record<string, PropertyAccess>>;
  manage_data_model: boolean;
  manage_access: boolean;
}

const SCOPES: readonly Scope[] = ['all', 'own', 'none'];
const PROPERTY_ACCESS: readonly PropertyAccess[] = ['hidden', 'read_only'];
const NAME = /^(\*|[a-z][a-z0-9_]*)$/;

export const NO_PERMISSIONS: Permissions = {
  objects: {},
  properties: {},
  manageDataModel: false,
  manageAccess: false,
};

export function toPermissionsWire(permissions: Permissions): PermissionsWire {
  return {
    objects: Object.fromEntries(
      Object.entries(permissions.objects).map(([name, scopes]) => [name, { ...scopes }]),
    ),
    properties: Object.fromEntries(
      Object.entries(permissions.properties).map(([name, access]) => [name, { ...access }]),
    ),
    manage_data_model: permissions.manageDataModel,
    manage_access: permissions.manageAccess,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, `permissions are invalid: ${field} ${message}`, {
    [`permissions.${field}`]: message,
  });
}

function parseObjectPermissions(name: string, value: unknown): ObjectPermissions {
  if (!isRecord(value)) {
    throw invalid(`objects.${name}`, 'must be an object of actions');
  }
  const unknownAction = Object.keys(value).find(
    (action) => !(RECORD_ACTIONS as readonly string[]).includes(action),
  );
  if (unknownAction !== undefined) {
    throw invalid(`objects.${name}.${unknownAction}`, 'is not an action');
  }
  const entries = RECORD_ACTIONS.map((action) => {
    const scope = value[action] ?? 'none';
    if (!SCOPES.includes(scope as Scope)) {
      throw invalid(`objects.${name}.${action}`, `must be one of ${SCOPES.join(', ')}`);
    }
    return [action, scope as Scope] as const;
  });
  return Object.fromEntries(entries) as Record<(typeof RECORD_ACTIONS)[number], Scope>;
}

function parseProperties(name: string, value: unknown): Record<string, PropertyAccess> {
  if (!isRecord(value)) {
    throw invalid(`properties.${name}`, 'must be an object of properties');
  }
  for (const [property, access] of Object.entries(value)) {
    if (!NAME.test(property) || !PROPERTY_ACCESS.includes(access as PropertyAccess)) {
      throw invalid(`properties.${name}.${property}`, 'must be hidden or read_only');
    }
  }
  return value as Record<string, PropertyAccess>;
}

/** Checks permissions in the wire format (a role's body) and turns them into Permissions. */
export function fromPermissionsWire(value: unknown): Permissions {
  if (!isRecord(value)) {
    throw invalid('', 'must be an object');
  }
  const objects = isRecord(value.objects) ? value.objects : {};
  const properties = isRecord(value.properties) ? value.properties : {};
  for (const name of [...Object.keys(objects), ...Object.keys(properties)]) {
    if (!NAME.test(name)) {
      throw invalid(name, 'is not an object name or *');
    }
  }
  return {
    objects: Object.fromEntries(
      Object.entries(objects).map(([name, scopes]) => [name, parseObjectPermissions(name, scopes)]),
    ),
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, access]) => [name, parseProperties(name, access)]),
    ),
    manageDataModel: value.manage_data_model === true,
    manageAccess: value.manage_access === true,
  };
}

const SCOPE_PATTERN = /^(\*|[a-z][a-z0-9_]*):(read|create|update|delete)$/;

/** Why a key's scope list is unusable, or undefined when every entry is well-formed. */
export function invalidScope(scopes: readonly string[]): string | undefined {
  return scopes.find(
    (scope) => scope !== 'data_model' && scope !== 'access' && !SCOPE_PATTERN.test(scope),
  );
}

/**
 * A key's explicit scopes as permissions: `"<object|*>:<action>"` grants that action on all
 * records, `"data_model"` and `"access"` the two flags; nothing else is granted.
 */
export function permissionsFromScopes(scopes: readonly string[]): Permissions {
  const objects: Record<string, Record<string, Scope>> = {};
  for (const scope of scopes) {
    const match = SCOPE_PATTERN.exec(scope);
    if (match?.[1] && match[2]) {
      const entry = objects[match[1]] ?? {
        read: 'none',
        create: 'none',
        update: 'none',
        delete: 'none',
      };
      entry[match[2]] = 'all';
      objects[match[1]] = entry;
    }
  }
  // An object's own entry replaces `*` (objectPermissions), so it carries what `*` grants too.
  const any = objects['*'];
  for (const [name, entry] of Object.entries(objects)) {
    for (const action of RECORD_ACTIONS) {
      if (name !== '*' && any?.[action] === 'all') {
        entry[action] = 'all';
      }
    }
  }
  return {
    objects: objects as Permissions['objects'],
    properties: {},
    manageDataModel: scopes.includes('data_model'),
    manageAccess: scopes.includes('access'),
  };
}
