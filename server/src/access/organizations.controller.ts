import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { wholeListRange } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { CreateOrganizationDto } from './access.dto';
import { MyOrganizationDto } from './auth.dto';
import type { OrganizationView } from './auth.service';
import { MyOrganizationsService } from './my-organizations.service';

@ApiTags('Organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly service: MyOrganizationsService) {}

  @Get()
  @Access('signed_in')
  @ApiOperation({ summary: "The caller's organizations, with the caller's role in each" })
  @ApiOkResponse({ type: [MyOrganizationDto] })
  async listOrganizations(
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<OrganizationView[]> {
    const rows = await this.service.listMyOrganizations(context);
    response.header('Content-Range', wholeListRange('organizations', rows.length));
    return rows;
  }

  @Post()
  @Access('signed_in')
  @ApiOperation({ summary: 'Create an organization: the caller is its owner' })
  @ApiCreatedResponse({ type: MyOrganizationDto })
  createOrganization(
    @Ctx() context: RequestContext,
    @Body() body: CreateOrganizationDto,
  ): Promise<OrganizationView> {
    return this.service.createOrganization(context, body);
  }
}
