import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { wholeListRange } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import {
  CreateMemberDto,
  MemberResponseDto,
  PasswordLinkDto,
  toMemberResponse,
  UpdateMemberDto,
} from './access.dto';
import { MembersService, type PasswordLink } from './members.service';

@ApiTags('Members')
@Controller('members')
export class MembersController {
  constructor(private readonly service: MembersService) {}

  @Get()
  @Access('manage_access')
  @ApiOperation({ summary: "The organization's members" })
  @ApiOkResponse({ type: [MemberResponseDto] })
  async listMembers(
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<MemberResponseDto[]> {
    const rows = (await this.service.listMembers(context)).map((row) => toMemberResponse(row));
    response.header('Content-Range', wholeListRange('members', rows.length));
    return rows;
  }

  @Post()
  @Access('manage_access')
  @ApiOperation({ summary: 'Add a member (a new user gets a one-time link to choose a password)' })
  @ApiCreatedResponse({ type: MemberResponseDto })
  async createMember(
    @Ctx() context: RequestContext,
    @Body() body: CreateMemberDto,
  ): Promise<MemberResponseDto> {
    const { member, passwordSetup } = await this.service.addMember(context, body);
    return toMemberResponse(member, passwordSetup?.url);
  }

  @Patch(':id')
  @Access('manage_access')
  @ApiOperation({ summary: "Change a member's role (only an owner grants or removes owner)" })
  @ApiOkResponse({ type: MemberResponseDto })
  async updateMember(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberResponseDto> {
    return toMemberResponse(await this.service.changeRole(context, id, body.role));
  }

  @Delete(':id')
  @Access('manage_access')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (never the last owner)' })
  @ApiNoContentResponse()
  deleteMember(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.service.removeMember(context, id);
  }

  @Post(':id/password-reset')
  @Access('manage_access')
  @ApiOperation({ summary: 'A one-time link (24 h) for the member to choose a new password' })
  @ApiCreatedResponse({ type: PasswordLinkDto })
  createPasswordReset(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PasswordLink> {
    return this.service.createPasswordReset(context, id);
  }
}
