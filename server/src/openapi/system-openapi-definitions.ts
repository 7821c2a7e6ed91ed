import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import { readValidSystemDefinitions } from 'src/object-definitions/definition.validator';
import type { OpenApiDefinition } from './openapi.types';

/**
 * The shipped system objects as the builder takes them, straight from object-definitions/*.json
 * (no database): what a new organization has, so what `server/openapi.json` documents.
 */
export function systemOpenApiDefinitions(): OpenApiDefinition[] {
  return readValidSystemDefinitions().map((definition) => ({
    ...definition,
    isSystem: true,
    jsonSchema: compileDefinitionSchema(definition),
  }));
}
