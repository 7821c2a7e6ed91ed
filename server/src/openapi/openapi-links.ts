import type { LinkSide } from 'src/association-definitions/link-side';
import type { JsonSchema } from 'src/object-definitions/definition.types';
import { MAX_INCLUDED_IDS, MAX_INCLUDED_SIDES, TRUNCATED_KEY } from 'src/records/record-references';
import { type DefinitionNames, schemaName } from './openapi-names';
import type { OpenApiDefinition, OpenApiLink, OpenApiObject } from './openapi.types';

/** The key `?include=` adds to a record (records/record-references.ts). */
const ASSOCIATIONS_KEY = 'associations';

/** How many ids a reference filter takes (records/record-list-query.ts). */
const MAX_FILTER_VALUES = 1000;

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

export function referenceSchema(link: OpenApiLink): JsonSchema {
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

type FilterSchema = SchemaWithProperties & {
  description: string;
  patternProperties?: Record<string, JsonSchema>;
};

/** The list filter's reference fields (`company_id`) and `<association>.<filter>` keys. */
function addLinkFilters(links: readonly OpenApiLink[], filter: FilterSchema): void {
  for (const link of links) {
    if (link.referenceField) {
      filter.properties[link.referenceField] = {
        anyOf: [
          { type: 'string' },
          { type: 'array', items: { type: 'string' }, maxItems: MAX_FILTER_VALUES },
          { type: 'null' },
        ],
        description: `Linked to this ${link.otherObject} (a list: any of them; null: to none)`,
      };
    }
  }
  const sides = links.map((link) => link.name).join('|');
  filter.patternProperties = {
    ...filter.patternProperties,
    [`^(${sides})\\.[a-z][a-z0-9_]*$`]: {
      description:
        'A filter on the linked records, with every operator (`deals.amount_gte`): at least one must match',
    },
  };
  filter.description = `${filter.description} \`<side>_id\`: linked to a record (a list: any of them; null: to none). \`<association>.<filter>\`: linked to at least one record matching the filter.`;
}

/**
 * What an object's associations add to its record schemas and operations: the reference field of
 * each to-one side (`company_id`: read, written, filtered and always answered, null when unlinked),
 * dotted association filters, and `?include=` with the `associations` it answers. The association
 * paths of their own are openapi-association-paths.ts's.
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
  addLinkFilters(links, schemas[schemaName(names, 'Filter')] as FilterSchema);
  record.properties[ASSOCIATIONS_KEY] = {
    type: 'object',
    description: `With \`?include=\`: the ids linked on each included association, oldest link first, at most ${MAX_INCLUDED_IDS} per association; \`${TRUNCATED_KEY}\` lists the associations that have more`,
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(
        links.map((link) => [
          link.name,
          {
            type: 'array',
            items: { type: 'string', format: 'uuid' },
            maxItems: MAX_INCLUDED_IDS,
            description: link.label,
          },
        ]),
      ),
      [TRUNCATED_KEY]: {
        type: 'array',
        items: { type: 'string', enum: links.map((link) => link.name) },
        description: `Present when some association had more than ${MAX_INCLUDED_IDS} links: those associations (read them all through their \`associations/<name>\` path)`,
      },
    },
  };
  const include: OpenApiObject = {
    name: 'include',
    in: 'query',
    required: false,
    description: `Comma-separated associations (at most ${MAX_INCLUDED_SIDES}) whose linked ids to answer in \`${ASSOCIATIONS_KEY}\`: ${links.map((link) => link.name).join(', ')}`,
    schema: { type: 'string' },
  };
  for (const pathItem of Object.values(paths)) {
    const get = pathItem.get as { parameters?: OpenApiObject[] } | undefined;
    if (get) {
      get.parameters = [...(get.parameters ?? []), include];
    }
  }
}
