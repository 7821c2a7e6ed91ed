/** The wire format of object definitions (GET /api/object-definitions), as the server sends it. */
export const PROPERTY_TYPES = [
  'text',
  'long_text',
  'number',
  'integer',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'enumeration',
  'multi_enumeration',
  'email',
  'phone',
  'url',
  'json',
] as const;

export type PropertyType = (typeof PROPERTY_TYPES)[number];

export interface EnumerationOption {
  value: string;
  label: string;
  order?: number;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  type: PropertyType;
  label: string;
  description?: string;
  required?: boolean;
  default?: unknown;
  unique?: boolean;
  read_only?: boolean;
  indexed?: boolean;
  min_length?: number;
  max_length?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  precision?: number;
  options?: EnumerationOption[];
  max_items?: number;
  schema?: Record<string, unknown>;
}

export interface ObjectLabels {
  singular: string;
  plural: string;
}

/** The body of `POST /api/object-definitions` (definition.meta-schema.json). */
export interface ObjectDefinitionInput {
  name: string;
  labels: ObjectLabels;
  description?: string;
  group?: string;
  icon?: string;
  color?: string;
  primary_display_property?: string;
  properties: PropertyDefinition[];
}

export interface ObjectDefinition extends ObjectDefinitionInput {
  /** The name again: react-admin addresses definitions by it. */
  id: string;
  is_system: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A JSON Schema (draft 2020-12) object, as compiled by the server. */
export type JsonSchema = Record<string, unknown>;

/** Names no property may have (the record's own fields and query words). */
export const RESERVED_PROPERTY_NAMES: readonly string[] = [
  'id',
  'created_at',
  'updated_at',
  'archived_at',
  'version',
  'display_name',
  'organization_id',
  'object_definition_id',
  'properties',
  'q',
];

export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
