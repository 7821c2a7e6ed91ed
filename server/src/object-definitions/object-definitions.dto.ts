import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { CompiledDefinition } from './definition-registry';
import type { JsonSchema, PropertyDefinition } from './definition.types';

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
}

export function toObjectDefinitionResponse(
  definition: CompiledDefinition,
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
    is_system: definition.isSystem,
    properties: definition.properties,
    version: definition.version,
    created_at: definition.createdAt.toISOString(),
    updated_at: definition.updatedAt.toISOString(),
  };
}

export type JsonSchemaResponse = JsonSchema;
