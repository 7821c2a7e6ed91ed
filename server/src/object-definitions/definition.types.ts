/** The fixed catalogue of property types. */
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

/** Names a property can never have: they are the record's own fields or query words. */
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
  'associations',
  // The record's owner and actors (records/record-actors.ts).
  'owner_id',
  'created_by',
  'updated_by',
];

export interface EnumerationOption {
  value: string;
  label: string;
  order?: number;
  description?: string;
}

/** One property in the declarative (wire and file) format; see definition.meta-schema.json. */
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

/** An object definition in the declarative (wire and file) format. */
export interface ObjectDefinitionInput {
  name: string;
  labels: { singular: string; plural: string };
  description?: string;
  group?: string;
  icon?: string;
  color?: string;
  primary_display_property?: string;
  properties: PropertyDefinition[];
  /** Optional metadata of the HubSpot-compatible API (server/src/hubspot/); not stored. */
  hubspot?: HubSpotNames;
}

/** An object's HubSpot names: `contacts` / `0-1`, and HubSpot property name → Plinth name. */
export interface HubSpotNames {
  name: string;
  object_type_id: string;
  properties?: Record<string, string>;
}

export type JsonSchema = Record<string, unknown>;

/** A stored definition, ready to serve: its declaration, compiled schema and bookkeeping. */
export interface ObjectDefinition extends ObjectDefinitionInput {
  id: string;
  organizationId: string;
  isSystem: boolean;
  version: number;
  jsonSchema: JsonSchema;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}
