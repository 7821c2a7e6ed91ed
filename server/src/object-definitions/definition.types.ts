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
  'archived_by',
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

/** See definition.meta-schema.json (`auto_index`). */
export type AutoIndexState = 'built' | 'pinned' | 'dropped';

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
  /** Never in clear in an event (timeline, change feed): masked as `"***"`. */
  sensitive?: boolean;
  indexed?: boolean;
  /**
   * An index Plinth built from use (`built`), one an admin kept (`pinned`: never dropped by the
   * budget) or dropped (`dropped`: not built again from use). README, "Indexes that build themselves".
   */
  auto_index?: AutoIndexState;
  min_length?: number;
  max_length?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  precision?: number;
  options?: EnumerationOption[];
  max_items?: number;
  schema?: Record<string, unknown>;
  /** A text property holding the domain of the first of these (url or email) properties when not given. */
  domain_of?: string[];
  /** An enumeration's state machine (object-definitions/status-transitions.ts). */
  transitions?: TransitionsDefinition;
  /** An enumeration's pipelines: several state machines, chosen by another property's value. */
  pipelines?: PipelinesDefinition;
}

/** What entering a state asks for: properties that must have a value, properties stamped now. */
export interface StateEntryRules {
  required?: string[];
  stamp?: string[];
}

/** A move refused by `moves` that the listed roles may still make (`from` "*": any, or a new record). */
export interface TransitionOverride {
  from: string[];
  to: string[];
  roles: string[];
}

/** The allowed moves of an enumeration property, its initial and closed states (README "Pipelines"). */
export interface TransitionsDefinition {
  initial: string[];
  closed?: string[];
  /** from → the states it may move to. */
  moves: Record<string, string[]>;
  on_enter?: Record<string, StateEntryRules>;
  overrides?: TransitionOverride[];
}

export interface PipelineStage {
  value: string;
  label?: string;
  /** Likelihood of winning at this stage, in percent. */
  probability?: number;
  /** No record may enter it any more; the records in it may still leave. */
  retired?: boolean;
}

/** One pipeline: its ordered stages and, unless it shares the property's, its own transitions. */
export interface PipelineDefinition {
  name: string;
  label?: string;
  stages: PipelineStage[];
  transitions?: TransitionsDefinition;
}

/** The pipelines of a status property; `property` (an enumeration) selects a record's pipeline. */
export interface PipelinesDefinition {
  property: string;
  items: PipelineDefinition[];
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
  /**
   * Properties whose values, joined by spaces, make the record's title (display name) when any is
   * set: a person is "Ann Lee", not their email. Else the primary display property.
   */
  title_properties?: string[];
  /** Composite keys: several properties together unique, like a unique property (upsert finds by them). */
  keys?: RecordKeyDefinition[];
  /** How suspected duplicates are found on create and listed (docs: README "People and companies"). */
  duplicate_rules?: DuplicateRuleDefinition[];
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

/** The object-level identity rules, stored together (object_definition.identity). */
export type IdentityRules = Pick<
  ObjectDefinitionInput,
  'title_properties' | 'keys' | 'duplicate_rules'
>;

/** The identity rules a definition declares, as stored (null: none). */
export function identityOf(definition: ObjectDefinitionInput): Record<string, unknown> | null {
  const rules: IdentityRules = {
    ...(definition.title_properties ? { title_properties: definition.title_properties } : {}),
    ...(definition.keys ? { keys: definition.keys } : {}),
    ...(definition.duplicate_rules ? { duplicate_rules: definition.duplicate_rules } : {}),
  };
  return Object.keys(rules).length > 0 ? rules : null;
}

/** The identity rules of a stored row, as declarative fields (none when the row has none). */
export function identityFields(identity: Record<string, unknown> | null): IdentityRules {
  return identity ?? {};
}

/** Several properties whose values together are unique per organization (`vendor_code` + `country`). */
export interface RecordKeyDefinition {
  name: string;
  properties: string[];
}

/**
 * A duplicate rule: `exact` matches records whose normalised values of all `properties` are equal
 * (emails case-insensitively, phones in E.164, URLs and domains as their domain); `fuzzy` matches
 * records whose titles are similar (trigram similarity ≥ `threshold`). `warn` lets a create
 * through and names the look-alikes; `block` refuses it (409 DUPLICATE).
 */
export interface DuplicateRuleDefinition {
  name: string;
  match: 'exact' | 'fuzzy';
  properties?: string[];
  threshold?: number;
  action: 'warn' | 'block';
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
