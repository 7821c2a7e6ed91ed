import type { JsonSchema } from 'src/object-definitions/definition.types';
import type { LinkSide } from 'src/records/record-links';
import { type DefinitionNames, schemaName } from './openapi-names';
import type { OpenApiDefinition, OpenApiLink, OpenApiObject } from './openapi.types';

/** The key `?include=` adds to a record (records/record-references.ts). */
const ASSOCIATIONS_KEY = 'associations';

/** The sides an object's records show, as the builder takes them: by name, so stable. */
export function toOpenApiLinks(sides: readonly LinkSide[]): OpenApiLink[] {
  return sides
    .map(({ name, label, otherObject, referenceField }) => ({
      name,
      label,
      otherObject,
      ...(referenceField ? { referenceField } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function referenceSchema(link: OpenApiLink): JsonSchema {
  return {
    type: ['string', 'null'],
    format: 'uuid',
    description: `${link.label}: the id of the linked ${link.otherObject}, or null (association "${link.name}")`,
  };
}

type SchemaWithProperties = JsonSchema & {
  properties: Record<string, JsonSchema>;
  required?: string[];
};

/**
 * What an object's associations add to its record schemas and operations: the reference field of
 * each to-one side (`company_id`: read, written and always answered, null when unlinked), and
 * `?include=` with the `associations` it answers. Association paths of their own will go here.
 */
export function addLinks(
  definition: OpenApiDefinition,
  names: DefinitionNames,
  schemas: Record<string, JsonSchema>,
  paths: Record<string, OpenApiObject>,
): void {
  const links = definition.links ?? [];
  if (links.length === 0) {
    return;
  }
  const record = schemas[schemaName(names, '')] as SchemaWithProperties;
  const create = schemas[schemaName(names, 'Create')] as SchemaWithProperties;
  const update = schemas[schemaName(names, 'Update')] as SchemaWithProperties;
  for (const link of links) {
    if (link.referenceField) {
      record.properties[link.referenceField] = referenceSchema(link);
      record.required = [...(record.required ?? []), link.referenceField];
      create.properties[link.referenceField] = referenceSchema(link);
      update.properties[link.referenceField] = referenceSchema(link);
    }
  }
  record.properties[ASSOCIATIONS_KEY] = {
    type: 'object',
    description: 'With `?include=`: the ids linked on each included association',
    additionalProperties: false,
    properties: Object.fromEntries(
      links.map((link) => [
        link.name,
        { type: 'array', items: { type: 'string', format: 'uuid' }, description: link.label },
      ]),
    ),
  };
  const include: OpenApiObject = {
    name: 'include',
    in: 'query',
    required: false,
    description: `Comma-separated associations whose linked ids to answer in \`${ASSOCIATIONS_KEY}\`: ${links.map((link) => link.name).join(', ')}`,
    schema: { type: 'string' },
  };
  for (const pathItem of Object.values(paths)) {
    const get = pathItem.get as { parameters?: OpenApiObject[] } | undefined;
    if (get) {
      get.parameters = [...(get.parameters ?? []), include];
    }
  }
}
