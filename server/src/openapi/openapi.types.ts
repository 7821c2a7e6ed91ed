import type {
  JsonSchema,
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';

/** A JSON object of an OpenAPI document (path items, operations, schemas …). */
export type OpenApiObject = Record<string, unknown>;

export interface OpenApiTag {
  name: string;
  description?: string;
}

/**
 * An OpenAPI 3.1 document. Only the parts the builder reads or writes are typed; the rest passes
 * through as JSON.
 */
export interface OpenApiDocument {
  openapi: string;
  info: OpenApiObject;
  paths: Record<string, OpenApiObject>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, OpenApiObject>;
    responses?: Record<string, OpenApiObject>;
    [key: string]: unknown;
  };
  tags?: OpenApiTag[];
  [key: string]: unknown;
}

/**
 * One association side of an object as records show it (`LinkSide`):
 * `company` on a deal. A to-one side also has a reference field (`company_id`).
 */
export interface OpenApiLink {
  name: string;
  label: string;
  otherObject: string;
  referenceField?: string;
}

/** What the builder needs of a definition: a `CompiledDefinition` is one, so is a shipped file. */
export interface OpenApiDefinition extends Pick<
  ObjectDefinitionInput,
  'name' | 'labels' | 'description' | 'keys' | 'duplicate_rules'
> {
  isSystem: boolean;
  properties: readonly PropertyDefinition[];
  /** The compiled JSON Schema AJV validates the record's properties with. */
  jsonSchema: JsonSchema;
  /** The object's association sides, in a stable order (none when absent). */
  links?: readonly OpenApiLink[];
}
