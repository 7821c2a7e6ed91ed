import { MAX_PAGE_SIZE } from 'src/common/http/list-query';
import type { JsonSchema, PropertyDefinition } from 'src/object-definitions/definition.types';
import { PROPERTY_TYPE_RULES, type SqlKind } from 'src/object-definitions/property-types';
import { type DefinitionNames, schemaName } from './openapi-names';
import type { OpenApiDefinition } from './openapi.types';
import { propertyExample } from './property-examples';

export const SCHEMAS_REF = '#/components/schemas/';

/** Filter operators (records/record-list-query.ts): which a property takes depends on its SQL kind. */
const ORDERED_KINDS: ReadonlySet<SqlKind> = new Set(['numeric', 'date', 'timestamptz', 'text']);
const CONTAINS_KINDS: ReadonlySet<SqlKind> = new Set(['text', 'array']);
const MAX_FILTER_VALUES = 1000;

export const FILTER_DESCRIPTION = [
  'JSON object of conditions, all of which must hold. Values are checked against the property type.',
  '`{property}`: equals; an array means any of (on a multi-select: has any of).',
  '`{property}_neq`: not equal (an array: none of). `{property}_gt`, `_gte`, `_lt`, `_lte`:',
  'order comparisons (numbers and money numerically, dates chronologically, text ignoring case).',
  '`{property}_in`, `_nin`: in / not in a list. `{property}_contains`: text contains, ignoring case',
  '(on a multi-select: has the option). `{property}_exists`: true or false.',
  '`q`: full-text search over the display name and the text properties.',
  '`id`: one id or a list of ids (react-admin getMany).',
].join(' ');

const ID_SCHEMA: JsonSchema = {
  type: 'string',
  format: 'uuid',
  readOnly: true,
  description: 'The record id',
  examples: ['0b6f1c3e-8a41-4f7e-9d2a-5c8e7b1f2a90'],
};

function timestampSchema(description: string): JsonSchema {
  return {
    type: 'string',
    format: 'date-time',
    readOnly: true,
    description,
    examples: ['2026-03-01T10:00:00.000Z'],
  };
}

/** The definition's properties as its compiled JSON Schema has them, with their declarations. */
function compiledProperties(
  definition: OpenApiDefinition,
): Array<{ name: string; schema: JsonSchema; property?: PropertyDefinition }> {
  const schemas = (definition.jsonSchema.properties ?? {}) as Record<string, JsonSchema>;
  const declared = new Map(definition.properties.map((property) => [property.name, property]));
  return Object.entries(schemas).map(([name, schema]) => {
    const property = declared.get(name);
    return property ? { name, schema, property } : { name, schema };
  });
}

function withExample(schema: JsonSchema, property: PropertyDefinition | undefined): JsonSchema {
  const example = property ? propertyExample(property) : undefined;
  return example === undefined ? { ...schema } : { ...schema, examples: [example] };
}

function propertySchemas(
  definition: OpenApiDefinition,
  wrap: (schema: JsonSchema) => JsonSchema = (schema) => schema,
): Record<string, JsonSchema> {
  return Object.fromEntries(
    compiledProperties(definition).map(({ name, schema, property }) => [
      name,
      wrap(withExample(schema, property)),
    ]),
  );
}

/** `Deal`: a record as the API answers it, `{ id, …properties, created_at, updated_at }`. */
function recordSchema(definition: OpenApiDefinition): JsonSchema {
  // The record always carries required properties that have a default (records.dto.ts).
  const alwaysPresent = definition.properties
    .filter((property) => property.required && property.default !== undefined)
    .map((property) => property.name);
  const { $schema: _dialect, properties: _properties, required: _required, ...annotations } =
    definition.jsonSchema;
  return {
    ...annotations,
    type: 'object',
    additionalProperties: false,
    properties: {
      id: ID_SCHEMA,
      ...propertySchemas(definition),
      created_at: timestampSchema('When the record was created'),
      updated_at: timestampSchema('When the record last changed'),
    },
    required: ['id', ...alwaysPresent, 'created_at', 'updated_at'],
  };
}

/** `DealCreate`: required are the properties without a default (defaults apply to the rest). */
function createSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  const required = definition.properties
    .filter((p) => p.required && p.default === undefined && !p.read_only)
    .map((p) => p.name);
  return {
    title: `${names.singular}Create`,
    description: `The properties of a new ${definition.labels.singular}; defaults apply to those left out. Read-only properties are ignored.`,
    type: 'object',
    additionalProperties: false,
    properties: propertySchemas(definition),
    ...(required.length > 0 ? { required } : {}),
  };
}

/** `DealUpdate` (PUT and PATCH): every property optional; null removes it. */
function updateSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  return {
    title: `${names.singular}Update`,
    description: `The properties of a ${definition.labels.singular} to change; the others keep their values, null removes one. The merged record must be valid.`,
    type: 'object',
    additionalProperties: false,
    properties: propertySchemas(definition, (schema) => ({ anyOf: [schema, { type: 'null' }] })),
  };
}

/** One filter value: the type's value schema, without the property's constraints. */
function filterValueSchema(property: PropertyDefinition, names: DefinitionNames): JsonSchema {
  if (property.type === 'json') {
    return {};
  }
  const valueSchema = PROPERTY_TYPE_RULES[property.type].valueSchema(property);
  const isMulti = property.type === 'multi_enumeration';
  const schema = isMulti ? ((valueSchema.items as JsonSchema | undefined) ?? {}) : valueSchema;
  if (schema.enum === undefined) {
    return schema;
  }
  // Options are listed once, on the record schema's property.
  const pointer = `${SCHEMAS_REF}${schemaName(names, '')}/properties/${property.name}`;
  return { $ref: isMulti ? `${pointer}/items` : pointer };
}

function filterKeys(property: PropertyDefinition, names: DefinitionNames): Record<string, JsonSchema> {
  const kind = PROPERTY_TYPE_RULES[property.type].sqlKind;
  const value = filterValueSchema(property, names);
  const list: JsonSchema = { type: 'array', items: value, minItems: 1, maxItems: MAX_FILTER_VALUES };
  const oneOrList: JsonSchema = property.type === 'json' ? value : { anyOf: [value, list] };
  const { name } = property;
  return {
    [name]: oneOrList,
    [`${name}_neq`]: oneOrList,
    ...(kind === 'json' ? {} : { [`${name}_in`]: list, [`${name}_nin`]: list }),
    ...(ORDERED_KINDS.has(kind)
      ? { [`${name}_gt`]: value, [`${name}_gte`]: value, [`${name}_lt`]: value, [`${name}_lte`]: value }
      : {}),
    ...(CONTAINS_KINDS.has(kind) ? { [`${name}_contains`]: { type: 'string', minLength: 1 } } : {}),
    [`${name}_exists`]: { type: 'boolean' },
  };
}

/** `DealFilter`: the `filter` list parameter, one key per property and operator. */
function filterSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    id: {
      anyOf: [
        { type: 'string' },
        { type: 'array', items: { type: 'string' }, maxItems: MAX_PAGE_SIZE },
      ],
      description: 'One record id or a list of ids',
    },
    q: { type: 'string', description: 'Full-text search: display name and text properties' },
  };
  for (const { property } of compiledProperties(definition)) {
    if (property) {
      Object.assign(properties, filterKeys(property, names));
    }
  }
  return {
    title: `${names.singular}Filter`,
    description: FILTER_DESCRIPTION,
    type: 'object',
    additionalProperties: false,
    properties,
    examples: [{ q: 'acme' }],
  };
}

/** The component schemas of one definition: `Deal`, `DealCreate`, `DealUpdate`, `DealFilter`. */
export function recordSchemas(
  definition: OpenApiDefinition,
  names: DefinitionNames,
): Record<string, JsonSchema> {
  return {
    [schemaName(names, '')]: recordSchema(definition),
    [schemaName(names, 'Create')]: createSchema(definition, names),
    [schemaName(names, 'Update')]: updateSchema(definition, names),
    [schemaName(names, 'Filter')]: filterSchema(definition, names),
  };
}

/** The property names a list may be sorted by: the record's own fields and every property. */
export function sortFields(definition: OpenApiDefinition): string[] {
  return ['id', 'created_at', 'updated_at', ...compiledProperties(definition).map((p) => p.name)];
}
