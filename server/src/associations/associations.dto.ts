import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  type AssociationDefinition,
  CARDINALITIES,
  type Cardinality,
} from 'src/association-definitions/association.types';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const IDENTIFIER_MESSAGE =
  'must be snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)';
const MAX_BATCH = 1000;

export class AssociationSideDto {
  @ApiProperty({
    example: 'company',
    description: 'How this side names the link; a to-one side also appears as <name>_id',
  })
  @IsString()
  @Matches(IDENTIFIER, { message: `name ${IDENTIFIER_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: 'Company' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label!: string;
}

export class CreateAssociationDefinitionDto {
  @ApiProperty({ example: 'shipment_customer' })
  @IsString()
  @Matches(IDENTIFIER, { message: `name ${IDENTIFIER_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: 'shipment', description: 'The object on the from side' })
  @IsString()
  from!: string;

  @ApiProperty({
    example: 'company',
    description: 'The object on the to side (may be the same object)',
  })
  @IsString()
  to!: string;

  @ApiProperty({ enum: CARDINALITIES, example: 'many_to_one' })
  @IsIn(CARDINALITIES, { message: `cardinality must be one of ${CARDINALITIES.join(', ')}` })
  cardinality!: Cardinality;

  @ApiProperty({ type: AssociationSideDto })
  @ValidateNested()
  @Type(() => AssociationSideDto)
  from_side!: AssociationSideDto;

  @ApiProperty({ type: AssociationSideDto })
  @ValidateNested()
  @Type(() => AssociationSideDto)
  to_side!: AssociationSideDto;
}

export class AssociationDefinitionResponseDto {
  @ApiProperty({
    description: 'The name again, so react-admin can address it',
    example: 'deal_company',
  })
  id!: string;

  @ApiProperty({ example: 'deal_company' })
  name!: string;

  @ApiProperty({ example: 'deal' })
  from!: string;

  @ApiProperty({ example: 'company' })
  to!: string;

  @ApiProperty({ enum: CARDINALITIES })
  cardinality!: Cardinality;

  @ApiProperty({ type: AssociationSideDto })
  from_side!: AssociationSideDto;

  @ApiProperty({ type: AssociationSideDto })
  to_side!: AssociationSideDto;

  @ApiProperty()
  is_system!: boolean;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export function toAssociationDefinitionResponse(
  definition: AssociationDefinition,
): AssociationDefinitionResponseDto {
  return {
    id: definition.name,
    name: definition.name,
    from: definition.from,
    to: definition.to,
    cardinality: definition.cardinality,
    from_side: definition.from_side,
    to_side: definition.to_side,
    is_system: definition.isSystem,
    created_at: definition.createdAt.toISOString(),
    updated_at: definition.updatedAt.toISOString(),
  };
}

export class ListAssociationDefinitionsQueryDto {
  @ApiPropertyOptional({ example: '["name","ASC"]' })
  @IsOptional()
  @IsString()
  sort?: string;

  @ApiPropertyOptional({ example: '[0,24]' })
  @IsOptional()
  @IsString()
  range?: string;

  @ApiPropertyOptional({
    example: '{"object":"deal"}',
    description: 'from, to, object (either end), is_system, q',
  })
  @IsOptional()
  @IsString()
  filter?: string;
}

export class PurgeQueryDto {
  @ApiPropertyOptional({ description: 'Also delete the links it has (required when it has any)' })
  @IsOptional()
  @Matches(/^(true|false)$/, { message: 'purge must be true or false' })
  purge?: string;
}

export class ReplaceQueryDto {
  @ApiPropertyOptional({
    description: 'Replace the existing link when the cardinality allows only one',
  })
  @IsOptional()
  @Matches(/^(true|false)$/, { message: 'replace must be true or false' })
  replace?: string;
}

export class LinkRequestDto {
  @ApiProperty({ example: 'deal' })
  @IsString()
  object!: string;

  @ApiProperty({ format: 'uuid' })
  @IsString()
  id!: string;

  @ApiProperty({ example: 'company', description: "The association's name as `object` sees it" })
  @IsString()
  association!: string;

  @ApiProperty({ format: 'uuid' })
  @IsString()
  to_id!: string;
}

export class AssociationBatchDto {
  @ApiPropertyOptional({ type: [LinkRequestDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  @Type(() => LinkRequestDto)
  associate?: LinkRequestDto[];

  @ApiPropertyOptional({ type: [LinkRequestDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  @Type(() => LinkRequestDto)
  dissociate?: LinkRequestDto[];

  @ApiPropertyOptional({
    description: 'Replace existing links where the cardinality allows only one',
  })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

export class LinkResponseDto {
  @ApiProperty({ description: 'false when the two records were linked already' })
  linked!: boolean;
}

export class UnlinkResponseDto {
  @ApiProperty({ description: 'false when they were not linked' })
  removed!: boolean;
}

export class BatchResponseDto {
  @ApiProperty()
  associated!: number;

  @ApiProperty()
  dissociated!: number;
}
