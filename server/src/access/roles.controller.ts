import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreatedLocation } from 'src/common/http/created-location';
import { wholeListRange } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { CreateRoleDto, RoleResponseDto, UpdateRoleDto } from './access.dto';
import { RolesService, type RoleView } from './roles.service';

@ApiTags('Roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly service: RolesService) {}

  @Get()
  @Access('manage_access')
  @ApiOperation({ summary: 'Built-in roles (read-only) and custom roles, with their permissions' })
  @ApiOkResponse({ type: [RoleResponseDto] })
  async listRoles(
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RoleView[]> {
    const roles = await this.service.listRoles(context);
    response.header('Content-Range', wholeListRange('roles', roles.length));
    return roles;
  }

  @Post()
  @Access('manage_access')
  @CreatedLocation((body) => (body as RoleView).name)
  @ApiOperation({ summary: 'Create a custom role' })
  @ApiCreatedResponse({ type: RoleResponseDto })
  createRole(@Ctx() context: RequestContext, @Body() body: CreateRoleDto): Promise<RoleView> {
    return this.service.createRole(context, body.name, body.permissions);
  }

  @Patch(':name')
  @Access('manage_access')
  @ApiOperation({ summary: "Change a custom role's permissions (applies at once)" })
  @ApiOkResponse({ type: RoleResponseDto })
  updateRole(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Body() body: UpdateRoleDto,
  ): Promise<RoleView> {
    return this.service.updateRole(context, name, body.permissions);
  }

  @Delete(':name')
  @Access('manage_access')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom role no member or key has' })
  @ApiNoContentResponse()
  deleteRole(@Ctx() context: RequestContext, @Param('name') name: string): Promise<void> {
    return this.service.deleteRole(context, name);
  }
}
