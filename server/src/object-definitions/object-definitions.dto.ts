import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  type DuplicateRuleDefinition,
  identityOf,
  type JsonSchema,
  type ObjectDefinition,
  type PropertyDefinition,
  type RecordKeyDefinition,
} from './definition.types';

/** Query of `GET /api/object-definitions` (react-admin dialect: each value is JSON). */
export class ListObjectDefinitionsQueryDto {
  @ApiPropertyOptional({ description: 'JSON ["field","ASC"|"DESC"]', example: '["name","ASC"]' })
  @IsOptional()
  @IsString()
  sort?: string;

  @ApiPropertyOptional({ description: 'JSON [start, end], inclusive', example: '[0,24]' })
  @IsOptional()
  @IsString()
  range?: string;

  @ApiPropertyOptional({
    description:
      'JSON object: is_system, group, name (array = any of), q (matches name and labels)',
    example: '{"is_system":true}',
  })
  @IsOptional()
  @IsString()
  filter?: string;
}

export class ObjectLabelsDto {
  @ApiProperty({ example: 'Deal' })
  singular!: string;

  @ApiProperty({ example: 'Deals' })
  plural!: string;
}

export class ObjectDefinitionResponseDto {
  @ApiProperty({
    description: 'The API name again, so react-admin can address it',
    example: 'deal',
  })
  id!: string;

  @ApiProperty({ example: 'deal' })
  name!: string;

  @ApiProperty({ type: ObjectLabelsDto })
  labels!: ObjectLabelsDto;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional({ example: 'crm' })
  group?: string;

  @ApiPropertyOptional({ example: 'handshake' })
  icon?: string;

  @ApiPropertyOptional({ example: '#3366ff' })
  color?: string;

  @ApiPropertyOptional({ example: 'name' })
  primary_display_property?: string;

  @ApiPropertyOptional({ type: [String], example: ['first_name', 'last_name'] })
  title_properties?: string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Composite keys' })
  keys?: RecordKeyDefinition[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Duplicate rules' })
  duplicate_rules?: DuplicateRuleDefinition[];

  @ApiProperty()
  is_system!: boolean;

  @ApiProperty({
    description: 'The property definitions, in display order',
    type: 'array',
    items: { type: 'object' },
  })
  properties!: PropertyDefinition[];

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Set while the object is archived' })
  archived_at?: string;
}

export function toObjectDefinitionResponse(
  definition: ObjectDefinition,
): ObjectDefinitionResponseDto {
  return {
    id: definition.name,
    name: definition.name,
    labels: definition.labels,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(definition.group !== undefined ? { group: definition.group } : {}),
    ...(definition.icon !== undefined ? { icon: definition.icon } : {}),
    ...(definition.color !== undefined ? { color: definition.color } : {}),
    ...(definition.primary_display_property !== undefined
      ? { primary_display_property: definition.primary_display_property }
      : {}),
    ...identityOf(definition),
    is_system: definition.isSystem,
    properties: definition.properties,
    version: definition.version,
    created_at: definition.createdAt.toISOString(),
    updated_at: definition.updatedAt.toISOString(),
    ...(definition.archivedAt ? { archived_at: definition.archivedAt.toISOString() } : {}),
  };
}

export type JsonSchemaResponse = JsonSchema;

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export class ObjectLabelsInputDto {
  @ApiProperty({ example: 'Shipment' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  singular!: string;

  @ApiProperty({ example: 'Shipments' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  plural!: string;
}

/** The identity rules an object's create and PATCH both accept (definition.meta-schema.json). */
class IdentityRulesInputDto {
  @ApiPropertyOptional({ type: [String], example: ['first_name', 'last_name'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  title_properties?: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      'Composite keys: [{ "name": "vendor_country", "properties": ["vendor_code", "country"] }]',
  })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  keys?: Array<Record<string, unknown>>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      'Duplicate rules: [{ "name": "same_email", "match": "exact", "properties": ["email"], "action": "block" }, { "name": "similar_name", "match": "fuzzy", "threshold": 0.6, "action": "warn" }]',
  })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  duplicate_rules?: Array<Record<string, unknown>>;
}

/**
 * A custom object, in the declarative format of definition.meta-schema.json. The top level is
 * checked here; properties (whose rules depend on their type) by the meta-schema in the service.
 */
export class CreateObjectDefinitionDto extends IdentityRulesInputDto {
  @ApiProperty({ example: 'shipment', pattern: IDENTIFIER.source })
  @IsString()
  @Matches(IDENTIFIER, {
    message:
      'name must be snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)',
  })
  name!: string;

  @ApiProperty({ type: ObjectLabelsInputDto })
  @ValidateNested()
  @Type(() => ObjectLabelsInputDto)
  labels!: ObjectLabelsInputDto;

  @ApiPropertyOptional({ example: 'Goods on their way to a customer' })
  @IsOptional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ example: 'delivery' })
  @IsOptional()
  @IsString()
  group?: string;

  @ApiPropertyOptional({ example: 'local_shipping' })
  @IsOptional()
  @IsString()
  icon?: string;

  @ApiPropertyOptional({ example: '#3366ff' })
  @IsOptional()
  @IsString()
  color?: string;

  @ApiPropertyOptional({ example: 'tracking_number' })
  @IsOptional()
  @IsString()
  primary_display_property?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Property definitions, in display order',
  })
  @IsArray()
  @IsObject({ each: true })
  properties!: Record<string, unknown>[];
}

/** What an object's PATCH may change; its name (the API key) never changes. */
export class UpdateObjectDefinitionDto extends IdentityRulesInputDto {
  @ApiPropertyOptional({ type: ObjectLabelsInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ObjectLabelsInputDto)
  labels?: ObjectLabelsInputDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  group?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  icon?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  color?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  primary_display_property?: string;
}

export class DryRunQueryDto {
  @ApiPropertyOptional({
    description: 'Check the change against the data without applying it',
    example: false,
  })
  @IsOptional()
  @Matches(/^(true|false)$/, { message: 'dry_run must be true or false' })
  dry_run?: string;
}

export class PropertyChangeResponseDto {
  @ApiProperty({ description: 'true when nothing was changed' })
  dry_run!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The property as it is (or would be)',
  })
  property!: PropertyDefinition;

  @ApiProperty({
    description: 'Records the change was checked against (0 when it needed no data check)',
  })
  checked_records!: number;
}

export class PurgeResponseDto {
  @ApiProperty()
  purged_records!: number;
}

export class DefinitionVersionResponseDto {
  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  changed_at!: string;

  @ApiProperty({ nullable: true, type: String })
  changed_by!: string | null;

  @ApiProperty({ example: 'Added property weight_kg' })
  summary!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'RFC 6902 JSON Patch from the previous version',
  })
  diff!: unknown[];
}
