import type { JsonSchema } from 'src/object-definitions/definition.types';
import {
  hiddenProperties,
  objectPermissions,
  type Permissions,
  type RecordAction,
} from 'src/organizations/permissions';
import { RECORDS_PATH } from './openapi-record-paths';
import type { OpenApiDefinition, OpenApiDocument, OpenApiObject } from './openapi.types';

/**
 * A caller's OpenAPI document shows only what its role may use (docs/architecture.md, "Access"):
 * objects it may read, without the properties it hides, and only the record operations it may
 * call. Pure functions, applied before and after buildOpenApiDocument.
 */

/** The definitions as the role sees them: readable objects only, hidden properties left out. */
export function readableDefinitions<T extends OpenApiDefinition>(
  definitions: readonly T[],
  permissions: Permissions,
): T[] {
  const isReadable = (name: string): boolean =>
    objectPermissions(permissions, name).read !== 'none';
  return definitions
    .filter((definition) => isReadable(definition.name))
    .map((definition) => {
      const shown = withoutHidden(definition, hiddenProperties(permissions, definition.name));
      // Records show no links to an object the role may not read (records.service.ts linkPlan).
      return shown.links?.every((link) => isReadable(link.otherObject)) === false
        ? { ...shown, links: shown.links.filter((link) => isReadable(link.otherObject)) }
        : shown;
    });
}

function withoutHidden<T extends OpenApiDefinition>(definition: T, hidden: string[]): T {
  if (hidden.length === 0) {
    return definition;
  }
  const schemaProperties = (definition.jsonSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = definition.jsonSchema.required;
  return {
    ...definition,
    properties: definition.properties.filter((property) => !hidden.includes(property.name)),
    jsonSchema: {
      ...definition.jsonSchema,
      properties: Object.fromEntries(
        Object.entries(schemaProperties).filter(([name]) => !hidden.includes(name)),
      ),
      ...(Array.isArray(required)
        ? { required: required.filter((name: unknown) => !hidden.includes(String(name))) }
        : {}),
    },
  };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The action each record operation needs, by the path's shape under `/api/objects/<name>`. */
function actionOf(rest: string, method: string): RecordAction {
  if (rest === '' || rest === '/batch') {
    return method === 'post' ? 'create' : 'read';
  }
  if (rest === '/batch/delete') {
    return 'delete';
  }
  if (rest === '/duplicates' || rest === '/{id}/duplicates') {
    return 'read';
  }
  if (rest === '/search' || method === 'get') {
    return 'read';
  }
  if (rest === '/{id}') {
    return method === 'delete' ? 'delete' : 'update';
  }
  // Links (`/{id}/associations/<side>/{toId}`): making or removing one changes the record.
  return 'update';
}

/** The document without the record operations the role may not call (paths left empty go too). */
export function withoutForbiddenOperations(
  document: OpenApiDocument,
  definitions: readonly OpenApiDefinition[],
  permissions: Permissions,
): OpenApiDocument {
  const paths: Record<string, OpenApiObject> = { ...document.paths };
  for (const definition of definitions) {
    const scopes = objectPermissions(permissions, definition.name);
    const base = `${RECORDS_PATH}/${definition.name}`;
    for (const [path, item] of Object.entries(paths)) {
      if (path !== base && !path.startsWith(`${base}/`)) {
        continue;
      }
      const rest = path.slice(base.length);
      const kept = Object.fromEntries(
        Object.entries(item).filter(
          ([key]) => !HTTP_METHODS.includes(key) || scopes[actionOf(rest, key)] !== 'none',
        ),
      );
      if (Object.keys(kept).some((key) => HTTP_METHODS.includes(key))) {
        paths[path] = kept;
      } else {
        delete paths[path];
      }
    }
  }
  return { ...document, paths };
}

const keys = new WeakMap<Permissions, string>();

/**
 * A key of the permissions for caches: equal permissions build equal documents. Remembered per
 * permissions object (a built-in role's is one shared object), so the common case costs a lookup.
 */
export function permissionsKey(permissions: Permissions): string {
  let key = keys.get(permissions);
  if (key === undefined) {
    key = sortedJson(permissions);
    keys.set(permissions, key);
  }
  return key;
}

function sortedJson(permissions: Permissions): string {
  return JSON.stringify(permissions, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : value,
  );
}
