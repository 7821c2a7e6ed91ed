import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ description: 'Organization id or slug to start in' })
  @IsOptional()
  @IsString()
  organization?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(256)
  current_password!: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  @MinLength(1)
  new_password!: string;
}

export class CompletePasswordResetDto {
  @ApiProperty({ description: 'The token of the link an admin made' })
  @IsString()
  @MaxLength(100)
  token!: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  password!: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;
}

export class ActorDto {
  @ApiProperty({ enum: ['member', 'api_key', 'system'] })
  kind!: string;

  @ApiProperty({ type: 'string', nullable: true })
  id!: string | null;
}

export class OrganizationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  slug!: string;
}

export class MyOrganizationDto extends OrganizationSummaryDto {
  @ApiProperty({ example: 'owner' })
  role!: string;
}

export class MemberRoleDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  role!: string;
}

export const PERMISSIONS_SCHEMA = {
  type: 'object',
  description:
    'objects: {"<object>|*": {read, create, update, delete: all|own|none}}; properties: {"<object>": {"<property>": hidden|read_only}}',
  properties: {
    objects: { type: 'object', additionalProperties: { type: 'object' } },
    properties: { type: 'object', additionalProperties: { type: 'object' } },
    manage_data_model: { type: 'boolean' },
    manage_access: { type: 'boolean' },
  },
} as const;

export class MeDto {
  @ApiProperty({ type: UserDto, nullable: true })
  user!: UserDto | null;

  @ApiProperty({ type: ActorDto })
  actor!: ActorDto;

  @ApiProperty({ type: OrganizationSummaryDto })
  organization!: OrganizationSummaryDto;

  @ApiProperty({ type: MemberRoleDto, nullable: true })
  member!: MemberRoleDto | null;

  @ApiProperty()
  role!: string;

  @ApiProperty(PERMISSIONS_SCHEMA)
  permissions!: unknown;

  @ApiProperty({ type: [MyOrganizationDto] })
  organizations!: MyOrganizationDto[];
}
