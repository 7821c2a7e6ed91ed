import { MAX_PAGE_SIZE } from 'src/common/http/list-query';
import type { JsonSchema, PropertyDefinition } from 'src/object-definitions/definition.types';
import { PROPERTY_TYPE_SPECS, takesOperator } from 'src/object-definitions/property-types';
import { type DefinitionNames, schemaName } from './openapi-names';
import type { OpenApiDefinition } from './openapi.types';
import { propertyExample } from './property-examples';

export const SCHEMAS_REF = '#/components/schemas/';

const MAX_FILTER_VALUES = 1000;

export const FILTER_DESCRIPTION = [
  'JSON object of conditions, all of which must hold. Values are checked against the property type.',
  '`{property}`: equals; an array means any of (on a multi-select: has any of).',
  '`{property}_neq`: not equal (an array: none of). `{property}_gt`, `_gte`, `_lt`, `_lte`:',
  'order comparisons (numbers and money numerically, dates chronologically, text ignoring case).',
  '`{property}_in`, `_nin`: in / not in a list. `{property}_contains`: text contains, ignoring case',
  '(on a multi-select: has the option). `{property}_all` (multi-select): has all of the options.',
  '`{property}_exists`: true or false.',
  '`q`: full-text search over the display name and the text properties.',
  '`id`: one id or a list of ids (react-admin getMany).',
  'The patterns name the properties each operator applies to.',
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

export interface CompiledProperty {
  name: string;
  schema: JsonSchema;
  property?: PropertyDefinition;
}

/**
 * The definition's properties as its compiled JSON Schema has them, with their declarations, in
 * declaration order (a stored schema's key order is PostgreSQL jsonb's, not the definition's).
 */
export function compiledProperties(definition: OpenApiDefinition): CompiledProperty[] {
  const schemas = (definition.jsonSchema.properties ?? {}) as Record<string, JsonSchema>;
  const declared = definition.properties.flatMap((property) => {
    const schema = schemas[property.name];
    return schema ? [{ name: property.name, schema, property }] : [];
  });
  const undeclared = Object.keys(schemas)
    .filter((name) => !definition.properties.some((property) => property.name === name))
    .sort()
    .map((name) => ({ name, schema: schemas[name] ?? {} }));
  return [...declared, ...undeclared];
}

function declaredProperties(definition: OpenApiDefinition): PropertyDefinition[] {
  return compiledProperties(definition).flatMap(({ property }) => (property ? [property] : []));
}

function withExample({ schema, property }: CompiledProperty): JsonSchema {
  const example = property ? propertyExample(property) : undefined;
  return example === undefined ? { ...schema } : { ...schema, examples: [example] };
}

const OWNER_ID_SCHEMA: JsonSchema = {
  type: ['string', 'null'],
  format: 'uuid',
  description:
    'The member who owns the record (null: nobody). The creating member by default; only a role that may update every record reassigns it, to a member of the organization',
};

function actorSchema(description: string): JsonSchema {
  return {
    type: 'string',
    readOnly: true,
    description: `${description}: \`member:<id>\`, \`api_key:<id>\` or \`system\``,
    examples: ['member:3f2b8c1e-9d4a-4c7b-8e1f-0a2b3c4d5e6f'],
  };
}

/** `Deal`: a record as the API answers it, `{ id, …properties, owner and actors, created_at, updated_at }`. */
function recordSchema(definition: OpenApiDefinition): JsonSchema {
  // A record always carries the required properties that have a default (records.dto.ts).
  const alwaysPresent = definition.properties
    .filter((property) => property.required && property.default !== undefined)
    .map((property) => property.name);
  // The dialect stays out (OpenAPI 3.1 has it document-wide); properties and required are redone.
  const annotations = Object.fromEntries(
    Object.entries(definition.jsonSchema).filter(
      ([key]) => !['$schema', 'properties', 'required'].includes(key),
    ),
  );
  const properties = compiledProperties(definition).map((p) => [p.name, withExample(p)]);
  return {
    ...annotations,
    type: 'object',
    additionalProperties: false,
    properties: {
      id: ID_SCHEMA,
      ...Object.fromEntries(properties),
      owner_id: OWNER_ID_SCHEMA,
      created_by: actorSchema('Who created the record'),
      updated_by: actorSchema('Who changed the record last'),
      created_at: timestampSchema('When the record was created'),
      updated_at: timestampSchema('When the record last changed'),
      // Only on a record of the recycle bin (README, "Recycle bin").
      archived_at: timestampSchema(
        'Only on a deleted record (in the recycle bin): when it was deleted',
      ),
      archived_by: actorSchema('Only on a deleted record (in the recycle bin): who deleted it'),
    },
    required: [
      'id',
      ...alwaysPresent,
      'owner_id',
      'created_by',
      'updated_by',
      'created_at',
      'updated_at',
    ],
  };
}

/** Create and update bodies point at the record schema's properties: one copy of each. */
function propertyRefs(
  definition: OpenApiDefinition,
  names: DefinitionNames,
  wrap: (schema: JsonSchema) => JsonSchema,
): Record<string, JsonSchema> {
  const record = `${SCHEMAS_REF}${schemaName(names, '')}/properties/`;
  return Object.fromEntries(
    compiledProperties(definition).map(({ name }) => [name, wrap({ $ref: `${record}${name}` })]),
  );
}

/** `DealCreate`: required are the properties without a default (defaults apply to the rest). */
function createSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  const required = definition.properties
    .filter((p) => p.required && p.default === undefined && !p.read_only)
    .map((p) => p.name);
  return {
    title: schemaName(names, 'Create'),
    description: `The properties of a new ${definition.labels.singular}; defaults apply to those left out. Read-only properties are ignored.`,
    type: 'object',
    additionalProperties: false,
    properties: {
      ...propertyRefs(definition, names, (schema) => schema),
      owner_id: { $ref: `${SCHEMAS_REF}${schemaName(names, '')}/properties/owner_id` },
    },
    ...(required.length > 0 ? { required } : {}),
  };
}

/** `DealUpdate` (PUT and PATCH): every property optional; null removes it. */
function updateSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  return {
    title: schemaName(names, 'Update'),
    description: `The properties of a ${definition.labels.singular} to change; the others keep their values, null removes one. The merged record must be valid.`,
    type: 'object',
    additionalProperties: false,
    properties: {
      ...propertyRefs(definition, names, (schema) => ({
        anyOf: [schema, { type: 'null' }],
      })),
      owner_id: { $ref: `${SCHEMAS_REF}${schemaName(names, '')}/properties/owner_id` },
    },
  };
}

function valueList(value: JsonSchema): JsonSchema {
  return { type: 'array', items: value, minItems: 1, maxItems: MAX_FILTER_VALUES };
}

/** One filter value: the type's value schema, without the property's constraints. */
function filterValueSchema(property: PropertyDefinition, names: DefinitionNames): JsonSchema {
  if (property.type === 'json') {
    return {};
  }
  const valueSchema = PROPERTY_TYPE_SPECS[property.type].valueSchema(property);
  if (property.type === 'multi_enumeration') {
    // One option; typed clients cannot follow a $ref into an array's `items`.
    return (valueSchema.items as JsonSchema | undefined) ?? {};
  }
  if (property.type !== 'enumeration') {
    return valueSchema;
  }
  // The options (and their labels) are listed once, on the record schema's property.
  return { $ref: `${SCHEMAS_REF}${schemaName(names, '')}/properties/${property.name}` };
}

/**
 * `^(amount|close_date)_(gt|gte|lt|lte)$`: the filter keys of one operator group, for the
 * properties whose type takes the operator (its `operators` in PROPERTY_TYPE_SPECS).
 */
function operatorPatterns(declared: PropertyDefinition[]): Record<string, JsonSchema> {
  const groups: Array<[PropertyDefinition[], string, JsonSchema]> = [
    [declared, 'neq', {}],
    [declared.filter((p) => takesOperator(p, 'in')), 'in|nin', valueList({})],
    [
      declared.filter((p) => takesOperator(p, 'gt')),
      'gt|gte|lt|lte',
      { type: ['string', 'number'] },
    ],
    [
      declared.filter((p) => takesOperator(p, 'contains')),
      'contains',
      { type: 'string', minLength: 1 },
    ],
    [
      declared.filter((p) => takesOperator(p, 'all')),
      'all',
      { anyOf: [{ type: 'string' }, valueList({ type: 'string' })] },
    ],
    [declared, 'exists', { type: 'boolean' }],
  ];
  return Object.fromEntries(
    groups
      .filter(([applicable]) => applicable.length > 0)
      .map(([applicable, operators, schema]) => [
        `^(${applicable.map((p) => p.name).join('|')})_(${operators})$`,
        schema,
      ]),
  );
}

/**
 * `DealFilter`: the `filter` list parameter. Equality (`{property}`) is typed per property; the
 * suffixed operators are listed by pattern, naming the properties each applies to.
 */
function filterSchema(definition: OpenApiDefinition, names: DefinitionNames): JsonSchema {
  const declared = declaredProperties(definition);
  const properties: Record<string, JsonSchema> = {
    id: {
      anyOf: [
        { type: 'string' },
        { type: 'array', items: { type: 'string' }, maxItems: MAX_PAGE_SIZE },
      ],
      description: 'One record id or a list of ids',
    },
    q: { type: 'string', description: 'Full-text search: display name and text properties' },
    owner_id: {
      anyOf: [
        { type: ['string', 'null'] },
        { type: 'array', items: { type: ['string', 'null'] }, maxItems: MAX_FILTER_VALUES },
      ],
      description: 'Owned by one of these members (null: by nobody)',
    },
    created_by: {
      anyOf: [{ type: 'string' }, valueList({ type: 'string' })],
      description: 'Created by one of these actors (`member:<id>`, `api_key:<id>`, `system`)',
    },
    updated_by: {
      anyOf: [{ type: 'string' }, valueList({ type: 'string' })],
      description: 'Changed last by one of these actors',
    },
    archived: {
      type: 'boolean',
      description:
        'true: the recycle bin, the deleted records (with `archived_at`, `archived_by`) instead of the live ones',
    },
  };
  for (const property of declared) {
    const value = filterValueSchema(property, names);
    properties[property.name] =
      property.type === 'json' ? value : { anyOf: [value, valueList(value)] };
  }
  return {
    title: schemaName(names, 'Filter'),
    description: FILTER_DESCRIPTION,
    type: 'object',
    additionalProperties: false,
    properties,
    ...(declared.length > 0 ? { patternProperties: operatorPatterns(declared) } : {}),
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

/** The fields a list may be sorted by: the record's own fields and every property. */
export function sortFields(definition: OpenApiDefinition): string[] {
  return [
    'id',
    'created_at',
    'updated_at',
    'owner_id',
    'created_by',
    'updated_by',
    ...compiledProperties(definition).map((p) => p.name),
  ];
}
