import type { JsonSchema, ObjectDefinitionInput, PropertyDefinition } from './definition.types';
import { PROPERTY_TYPE_SPECS } from './property-types';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The schema of one property: its type's value schema, its constraints and its annotations. */
export function compilePropertySchema(property: PropertyDefinition): JsonSchema {
  const rules = PROPERTY_TYPE_SPECS[property.type];
  const schema: JsonSchema = {
    ...rules.valueSchema(property),
    ...rules.constraints(property),
    title: property.label,
    ...(property.description ? { description: property.description } : {}),
    ...(property.default !== undefined ? { default: property.default } : {}),
    ...(property.read_only ? { readOnly: true } : {}),
    'x-type': property.type,
  };
  if (property.options) {
    schema['x-options'] = [...property.options]
      .map((option, index) => ({ ...option, order: option.order ?? index }))
      .sort((a, b) => a.order - b.order);
  }
  // The state machine travels with the schema: the OpenAPI document and the admin UI read it there.
  if (property.transitions) {
    schema['x-transitions'] = property.transitions;
  }
  if (property.pipelines) {
    schema['x-pipelines'] = property.pipelines;
  }
  if (property.unique) {
    schema['x-unique'] = true;
  }
  if (property.indexed) {
    schema['x-indexed'] = true;
  }
  return schema;
}

/**
 * The one JSON Schema (draft 2020-12) of a definition's record properties. AJV validates with it,
 * the OpenAPI document and the admin UI are built from it: they cannot disagree.
 */
export function compileDefinitionSchema(definition: ObjectDefinitionInput): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const property of definition.properties) {
    properties[property.name] = compilePropertySchema(property);
  }
  const required = definition.properties.filter((p) => p.required).map((p) => p.name);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: definition.labels.singular,
    ...(definition.description ? { description: definition.description } : {}),
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length > 0 ? { required } : {}),
    'x-object': definition.name,
    ...(definition.primary_display_property
      ? { 'x-primary-display-property': definition.primary_display_property }
      : {}),
  };
}
