import { readSystemDefinitionFiles } from 'src/object-definitions/definition-files';
import { compileDefinitionSchema } from 'src/object-definitions/definition-schema.compiler';
import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import { formatProblems, validateDefinition } from 'src/object-definitions/definition.validator';
import type { OpenApiDefinition } from './openapi.types';

/**
 * The shipped system objects as the builder takes them, straight from object-definitions/*.json
 * (no database): what a new organization has, so what `server/openapi.json` documents.
 */
export function systemOpenApiDefinitions(): OpenApiDefinition[] {
  const failures: string[] = [];
  const definitions = readSystemDefinitionFiles().map(({ file, content }) => {
    const problems = validateDefinition(content);
    if (problems.length > 0) {
      failures.push(formatProblems(`object-definitions/${file}`, problems));
    }
    const definition = content as ObjectDefinitionInput;
    return {
      ...definition,
      isSystem: true,
      jsonSchema: compileDefinitionSchema(definition),
    };
  });
  if (failures.length > 0) {
    throw new Error(`Invalid system object definitions:\n${failures.join('\n')}`);
  }
  return definitions;
}
