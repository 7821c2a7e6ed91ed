import type { JsonSchema } from 'src/object-definitions/definition.types';
import type { Permissions } from 'src/organizations/permissions';
import { associationPaths, type NamedDefinition } from './openapi-association-paths';
import { addLinks } from './openapi-links';
import { assignNames, reservedNames } from './openapi-names';
import { partyPaths } from './openapi-party-paths';
import { readableDefinitions, withoutForbiddenOperations } from './openapi-permissions';
import { errorResponse, recordPaths } from './openapi-record-paths';
import { recordSchemas } from './openapi-record-schemas';
import { searchSchemas } from './openapi-search-schemas';
import { sharedComponents } from './openapi-shared-components';
import type {
  OpenApiDefinition,
  OpenApiDocument,
  OpenApiObject,
  OpenApiTag,
} from './openapi.types';

export const OPENAPI_VERSION = '3.1.0';

/** Objects with their keys sorted, recursively; arrays keep their order (it means something). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => sortKeys(item)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    // The default sort compares UTF-16 code units, as `<` does. A loop, not entries and
    // fromEntries: the whole document passes through here on every build.
    for (const key of Object.keys(source).sort()) {
      const item = source[key];
      if (item === undefined) {
        continue;
      }
      if (key === '__proto__') {
        // A json property's schema may name it; as a plain assignment it would set the prototype.
        Object.defineProperty(sorted, key, { value: sortKeys(item), enumerable: true });
      } else {
        sorted[key] = sortKeys(item);
      }
    }
    return sorted as T;
  }
  return value;
}

/** System objects first, then custom ones, each by name: names of the former never move. */
function ordered(definitions: readonly OpenApiDefinition[]): OpenApiDefinition[] {
  return [...definitions].sort((a, b) =>
    a.isSystem !== b.isSystem
      ? a.isSystem
        ? -1
        : 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
}

/** What one definition adds to the document. */
interface DefinitionPart {
  paths: Record<string, OpenApiObject>;
  schemas: Record<string, JsonSchema>;
  tag: OpenApiTag;
}

/**
 * The seam for everything a definition contributes: its record paths and schemas (search
 * included), what its associations add to them, then the association paths of its own. `taken`
 * holds the operation ids given out so far; association operations take free ones.
 */
function definitionPart(
  { definition, names }: NamedDefinition,
  objects: ReadonlyMap<string, NamedDefinition>,
  taken: Set<string>,
): DefinitionPart {
  const paths = { ...recordPaths(definition, names), ...partyPaths(definition, names) };
  const schemas = { ...recordSchemas(definition, names), ...searchSchemas(definition, names) };
  addLinks(definition, names, schemas, paths);
  Object.assign(paths, associationPaths({ definition, names }, objects, taken));
  return {
    paths,
    schemas,
    tag: {
      name: names.tag,
      ...(definition.description ? { description: definition.description } : {}),
    },
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Every operation that needs a credential documents 401 and 403 (docs/architecture.md,
 * "Access"); public ones (`security: []`) need none.
 */
function withAccessResponses(paths: Record<string, OpenApiObject>): Record<string, OpenApiObject> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => {
          const isOperation =
            METHODS.includes(method) && typeof operation === 'object' && operation !== null;
          const op = operation as OpenApiObject;
          if (!isOperation || (Array.isArray(op.security) && op.security.length === 0)) {
            return [method, operation];
          }
          const responses = (op.responses ?? {}) as OpenApiObject;
          return [
            method,
            {
              ...op,
              responses: { 401: errorResponse(401), 403: errorResponse(403), ...responses },
            },
          ];
        }),
      ),
    ]),
  );
}

/**
 * The organization's OpenAPI 3.1 document: the fixed endpoints (from the Nest decorators) plus,
 * for every definition, its record paths and component schemas, built from the same compiled
 * JSON Schema AJV validates with. Pure and deterministic: same input, byte-identical JSON.
 */
export function buildOpenApiDocument(
  fixed: OpenApiDocument,
  definitions: readonly OpenApiDefinition[],
  permissions?: Permissions,
): OpenApiDocument {
  if (permissions) {
    // A caller's document: what its role may read and call (openapi-permissions.ts).
    const readable = readableDefinitions(definitions, permissions);
    return withoutForbiddenOperations(buildOpenApiDocument(fixed, readable), readable, permissions);
  }
  const shared = sharedComponents();
  const sortedDefinitions = ordered(definitions);
  const taken = reservedNames(fixed, Object.keys(shared.schemas));
  const names = assignNames(sortedDefinitions, taken);
  const objects = new Map<string, NamedDefinition>(
    sortedDefinitions.flatMap((definition) => {
      const definitionNames = names.get(definition.name);
      return definitionNames
        ? [[definition.name, { definition, names: definitionNames }] as const]
        : [];
    }),
  );
  const paths: Record<string, OpenApiObject> = { ...fixed.paths };
  const schemas: Record<string, JsonSchema> = { ...fixed.components?.schemas, ...shared.schemas };
  const tags: OpenApiTag[] = [...(fixed.tags ?? [])];
  for (const named of objects.values()) {
    const part = definitionPart(named, objects, taken);
    Object.assign(paths, part.paths);
    Object.assign(schemas, part.schemas);
    tags.push(part.tag);
  }
  return sortKeys({
    ...fixed,
    openapi: OPENAPI_VERSION,
    paths: withAccessResponses(paths),
    tags,
    components: {
      ...fixed.components,
      schemas,
      responses: { ...fixed.components?.responses, ...shared.responses },
      parameters: { ...fixed.components?.parameters, ...shared.parameters },
    },
  });
}
