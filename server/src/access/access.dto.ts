import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { ApiKeyRow } from './access.repository';
import { PERMISSIONS_SCHEMA } from './auth.dto';
import type { MemberRow } from './members.repository';

export class CreateMemberDto {
  @ApiProperty({ example: 'ann@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: 'Ann Lee' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ example: 'member' })
  @IsString()
  role!: string;
}

export class UpdateMemberDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  role!: string;
}

export class MemberResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  user_id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  role!: string;

  @ApiProperty({ format: 'date-time' })
  created_at!: Date;

  @ApiPropertyOptional({ description: 'A new user: the one-time link to choose a password' })
  password_setup_url?: string;
}

export function toMemberResponse(row: MemberRow, passwordSetupUrl?: string): MemberResponseDto {
  return {
    id: row.id,
    user_id: row.userId,
    email: row.email,
    name: row.name,
    role: row.role,
    created_at: row.createdAt,
    ...(passwordSetupUrl !== undefined ? { password_setup_url: passwordSetupUrl } : {}),
  };
}

export class PasswordLinkDto {
  @ApiProperty({ example: '/#/set-password/…' })
  url!: string;

  @ApiProperty({ format: 'date-time' })
  expires_at!: Date;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: 'admin', description: 'A role, or else scopes' })
  @IsOptional()
  @IsString()
  role?: string;

  @ApiPropertyOptional({
    example: ['deal:read', 'deal:create'],
    description: '"<object|*>:<read|create|update|delete>", "data_model", "access"',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  scopes?: string[];
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart' })
  prefix!: string;

  @ApiProperty({ type: 'string', nullable: true })
  role!: string | null;

  @ApiProperty({ type: [String], nullable: true })
  scopes!: string[] | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: Date;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  last_used_at!: Date | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  revoked_at!: Date | null;
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  @ApiProperty({ description: 'The key: shown this once, never again', example: 'plk_…' })
  key!: string;
}

export function toApiKeyResponse(row: ApiKeyRow): ApiKeyResponseDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    scopes: row.scopes,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}

export class CreateRoleDto {
  @ApiProperty({ example: 'sales' })
  @IsString()
  @MaxLength(63)
  name!: string;

  @ApiProperty(PERMISSIONS_SCHEMA)
  @IsObject()
  permissions!: Record<string, unknown>;
}

export class UpdateRoleDto {
  @ApiProperty(PERMISSIONS_SCHEMA)
  @IsObject()
  permissions!: Record<string, unknown>;
}

export class RoleResponseDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  built_in!: boolean;

  @ApiProperty(PERMISSIONS_SCHEMA)
  permissions!: unknown;
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Acme' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'acme' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  slug?: string;
}
