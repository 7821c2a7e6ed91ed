import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from 'src/common/http/list-query';
import type { JsonSchema } from 'src/object-definitions/definition.types';
import { PROPERTY_TYPE_SPECS } from 'src/object-definitions/property-types';
import { MAX_QUERY_LENGTH, MAX_SORTS, SORT_DIRECTIONS } from 'src/records/record-search';
import { MAX_CURSOR_LENGTH } from 'src/records/record-search-cursor';
import {
  MAX_FILTER_GROUPS,
  MAX_FILTERS_PER_GROUP,
  SEARCH_OPERATORS,
} from 'src/records/record-search-filters';
import { referenceSchema } from './openapi-links';
import { type DefinitionNames, schemaName } from './openapi-names';
import { compiledProperties, SCHEMAS_REF } from './openapi-record-schemas';
import type { OpenApiDefinition } from './openapi.types';

const OWNERSHIP_FIELDS = ['owner_id', 'created_by', 'updated_by'];
const RECORD_FIELDS = ['id', 'created_at', 'updated_at', ...OWNERSHIP_FIELDS];
const MAX_VALUES = 1000;

const OPERATORS_DESCRIPTION = [
  'EQ, NEQ (missing values count as not equal), LT, LTE, GT, GTE (numbers and money numerically,',
  'dates chronologically, text ignoring case), BETWEEN (`value` to `high_value`, both included),',
  'IN, NOT_IN (`values`), HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN (every word of `value` is a',
  'whole word of the text property, ignoring case and accents; a word ending in * is a prefix),',
  'NOT_CONTAINS_TOKEN (the records CONTAINS_TOKEN does not match). `id` takes EQ, NEQ, IN, NOT_IN;',
  '`created_at` and `updated_at` compare as date-times (ISO 8601 or epoch milliseconds).',
  'Reference fields (`company_id`) take EQ, NEQ, IN, NOT_IN (record ids) and HAS_PROPERTY,',
  'NOT_HAS_PROPERTY (linked at all). `<association>.<property>` filters the records on the other',
  'end: it holds when at least one linked record matches.',
].join(' ');

/** A name from a list, or one matching a pattern; nothing when there is neither. */
function nameSchema(names: string[], pattern?: string): JsonSchema {
  const options: JsonSchema[] = [
    ...(names.length > 0 ? [{ type: 'string', enum: names }] : []),
    ...(pattern ? [{ type: 'string', pattern }] : []),
  ];
  if (options.length === 0) {
    return { not: {} };
  }
  return options.length === 1 ? (options[0] as JsonSchema) : { anyOf: options };
}

function filterSchema(definition: OpenApiDefinition): JsonSchema {
  const links = definition.links ?? [];
  const names = [
    ...RECORD_FIELDS,
    ...compiledProperties(definition).map((p) => p.name),
    ...links.flatMap((link) => link.referenceField ?? []),
  ];
  const dotted =
    links.length > 0
      ? `^(${links.map((link) => link.name).join('|')})\\.[a-z][a-z0-9_]*$`
      : undefined;
  return {
    type: 'object',
    additionalProperties: false,
    required: ['property', 'operator'],
    description: OPERATORS_DESCRIPTION,
    properties: {
      property: {
        ...nameSchema(names, dotted),
        description:
          'A property, a reference field, `<association>.<property>`, the record’s `id`, `created_at` or `updated_at`, or the owner or actors (`owner_id`, `created_by`, `updated_by`: EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY)',
      },
      operator: { type: 'string', enum: [...SEARCH_OPERATORS] },
      value: { description: 'The value, of the property’s type (all but IN, NOT_IN, HAS_…)' },
      high_value: { description: 'BETWEEN’s upper bound' },
      values: {
        type: 'array',
        maxItems: MAX_VALUES,
        description: 'IN and NOT_IN: the values',
      },
    },
  };
}

/** The fields a search sorts by: the record's own and every property a cursor can carry. */
function searchSortFields(definition: OpenApiDefinition): string[] {
  const sortable = compiledProperties(definition).filter(({ property }) => {
    const kind = property ? PROPERTY_TYPE_SPECS[property.type].sqlKind : 'json';
    return kind !== 'array' && kind !== 'json';
  });
  return [...RECORD_FIELDS, ...sortable.map((p) => p.name)];
}

/** `DealSearchRequest`: the body of `POST /api/objects/deal/search`. */
function searchRequestSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  const answerable = [
    ...RECORD_FIELDS,
    ...compiledProperties(definition).map((p) => p.name),
    ...(definition.links ?? []).flatMap((link) => link.referenceField ?? []),
  ];
  return {
    title: schemaName(names, 'SearchRequest'),
    description: `A search of ${definition.labels.plural}; every part is optional.`,
    type: 'object',
    additionalProperties: false,
    properties: {
      filter_groups: {
        type: 'array',
        maxItems: MAX_FILTER_GROUPS,
        description: 'Records matching any group (OR); a group matches when all its filters do',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['filters'],
          properties: {
            filters: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_FILTERS_PER_GROUP,
              items: filterSchema(definition),
            },
          },
        },
      },
      sorts: {
        type: 'array',
        maxItems: MAX_SORTS,
        description:
          'The order, key by key (records without a value last, either way); then by id. By default by relevance with a query, else newest first.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['property'],
          properties: {
            property: { type: 'string', enum: searchSortFields(definition) },
            direction: { type: 'string', enum: [...SORT_DIRECTIONS], default: 'ASCENDING' },
          },
        },
      },
      query: {
        type: 'string',
        maxLength: MAX_QUERY_LENGTH,
        description: 'Full-text search: display name and text properties, every word as a prefix',
      },
      properties: {
        type: 'array',
        maxItems: 500,
        items: { type: 'string', enum: answerable },
        description:
          'The properties to answer (id, owner_id, created_by, updated_by, created_at, updated_at always); all when absent',
      },
      limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
      after: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_CURSOR_LENGTH,
        description:
          'The cursor of the previous page (`paging.next.after`); only with the same sorts (and query)',
      },
      with_total: {
        type: 'boolean',
        default: false,
        description: 'Count every match too (`total`)',
      },
    },
    examples: [
      {
        query: 'acme',
        sorts: [{ property: 'created_at', direction: 'DESCENDING' }],
        limit: DEFAULT_PAGE_SIZE,
        with_total: true,
      },
    ],
  };
}

/** `DealSearchResult`: a record with the asked-for properties (all by default). */
function searchResultSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  const record = `${SCHEMAS_REF}${schemaName(names, '')}/properties/`;
  const fields = [
    'id',
    ...compiledProperties(definition).map((p) => p.name),
    ...OWNERSHIP_FIELDS,
    'created_at',
    'updated_at',
  ];
  const references = (definition.links ?? []).flatMap((link) =>
    link.referenceField ? [[link.referenceField, referenceSchema(link)] as const] : [],
  );
  return {
    title: schemaName(names, 'SearchResult'),
    description: `A ${definition.labels.singular} as a search answers it: the asked-for properties.`,
    type: 'object',
    additionalProperties: false,
    required: RECORD_FIELDS,
    properties: {
      ...Object.fromEntries(fields.map((name) => [name, { $ref: `${record}${name}` }])),
      ...Object.fromEntries(references),
    },
  };
}

/** `DealSearchResponse`: the page, the next page's cursor, and the total when asked. */
function searchResponseSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  return {
    title: schemaName(names, 'SearchResponse'),
    type: 'object',
    additionalProperties: false,
    required: ['results', 'paging'],
    properties: {
      results: {
        type: 'array',
        items: { $ref: `${SCHEMAS_REF}${schemaName(names, 'SearchResult')}` },
      },
      paging: {
        type: 'object',
        additionalProperties: false,
        description: `Empty on the last page of ${definition.labels.plural}`,
        properties: {
          next: {
            type: 'object',
            additionalProperties: false,
            required: ['after'],
            properties: { after: { type: 'string', description: 'Send as `after`' } },
          },
        },
      },
      total: {
        type: 'integer',
        minimum: 0,
        description: 'How many records match (with `with_total: true` only)',
      },
    },
  };
}

/** The search schemas of one definition: request, result and response. */
export function searchSchemas(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): Record<string, JsonSchema> {
  return {
    [schemaName(names, 'SearchRequest')]: searchRequestSchema(definition, names),
    [schemaName(names, 'SearchResult')]: searchResultSchema(definition, names),
    [schemaName(names, 'SearchResponse')]: searchResponseSchema(definition, names),
  };
}
