/**
 * The wire format of object definitions (GET /api/object-definitions), as the server sends it.
 * Everything here comes from the server's artefacts through ./generated (npm run contract:sync):
 * the definition meta-schema and the OpenAPI document.
 */
import type { components } from './generated/api';
import type { PlinthObjectDefinition, Property } from './generated/definition';

export {
  IDENTIFIER_PATTERN,
  PROPERTY_TYPES,
  RESERVED_PROPERTY_NAMES,
} from './generated/definition';

export type PropertyType = Property['type'];
export type PropertyDefinition = Property;
export type EnumerationOption = NonNullable<Property['options']>[number];
export type ObjectLabels = PlinthObjectDefinition['labels'];

/** The body of `POST /api/object-definitions` (definition.meta-schema.json). */
export type ObjectDefinitionInput = PlinthObjectDefinition;

type ObjectDefinitionResponse = components['schemas']['ObjectDefinitionResponseDto'];

/** A stored definition: the declarative format plus what the server adds (id, version, times). */
export interface ObjectDefinition
  extends ObjectDefinitionInput, Omit<ObjectDefinitionResponse, keyof ObjectDefinitionInput> {}

/** A JSON Schema (draft 2020-12) object, as compiled by the server. */
export type JsonSchema = Record<string, unknown>;
