import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { batchStatus } from './hubspot-batch-status';
import type { BatchResult } from './hubspot-batch.service';
import { HubSpotExceptionFilter } from './hubspot-exception.filter';
import { HUBSPOT_TAG } from './hubspot-openapi';
import type { HubSpotProperty, HubSpotPropertyGroup } from './hubspot-properties';
import { HubSpotPropertiesService } from './hubspot-properties.service';

/** HubSpot's properties API (`/crm/v3/properties/{objectType}`), groups and batches included. */
@ApiTags(HUBSPOT_TAG)
@UseFilters(HubSpotExceptionFilter)
@Controller('crm/v3/properties/:objectType')
export class HubSpotPropertiesController {
  constructor(private readonly service: HubSpotPropertiesService) {}

  @Access('signed_in')
  @Get()
  @ApiOperation({ summary: 'The properties of an object, with HubSpot’s type/fieldType' })
  @ApiResponse({ status: 200 })
  async hubspotListProperties(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
  ): Promise<{ results: HubSpotProperty[] }> {
    return { results: await this.service.listProperties(context, objectType) };
  }

  @Access('manage_data_model')
  @Post()
  @ApiOperation({ summary: 'Add a property' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 201 })
  hubspotCreateProperty(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<HubSpotProperty> {
    return this.service.createProperty(context, objectType, body);
  }

  @Access('signed_in')
  @Get('groups')
  @ApiOperation({ summary: 'The property groups of an object (one per object)' })
  @ApiResponse({ status: 200 })
  async hubspotListPropertyGroups(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
  ): Promise<{ results: HubSpotPropertyGroup[] }> {
    return { results: await this.service.listGroups(context, objectType) };
  }

  @Access('manage_data_model')
  @Post('groups')
  @ApiOperation({ summary: 'Not supported: one property group per object (400)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 400 })
  hubspotCreatePropertyGroup(): never {
    return this.service.groupsAreFixed();
  }

  @Access('signed_in')
  @Get('groups/:groupName')
  @ApiOperation({ summary: 'A property group' })
  @ApiResponse({ status: 200 })
  hubspotGetPropertyGroup(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('groupName') groupName: string,
  ): Promise<HubSpotPropertyGroup> {
    return this.service.getGroup(context, objectType, groupName);
  }

  @Access('manage_data_model')
  @Patch('groups/:groupName')
  @ApiOperation({ summary: 'Not supported: one property group per object (400)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 400 })
  hubspotUpdatePropertyGroup(): never {
    return this.service.groupsAreFixed();
  }

  @Access('manage_data_model')
  @Delete('groups/:groupName')
  @ApiOperation({ summary: 'Not supported: one property group per object (400)' })
  @ApiResponse({ status: 400 })
  hubspotArchivePropertyGroup(): never {
    return this.service.groupsAreFixed();
  }

  @Access('manage_data_model')
  @Post('batch/create')
  @ApiOperation({ summary: 'Add up to 100 properties (207 when some fail)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 201 })
  async hubspotCreateProperties(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult<HubSpotProperty>> {
    return batchStatus(
      response,
      await this.service.createProperties(context, objectType, body),
      201,
    );
  }

  @Access('signed_in')
  @Post('batch/read')
  @ApiOperation({ summary: 'Read properties by name (207 when some are unknown)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200 })
  async hubspotReadProperties(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult<HubSpotProperty>> {
    return batchStatus(response, await this.service.readProperties(context, objectType, body), 200);
  }

  @Access('manage_data_model')
  @Post('batch/archive')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive properties by name' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 204 })
  hubspotArchiveProperties(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<void> {
    return this.service.archiveProperties(context, objectType, body);
  }

  @Access('signed_in')
  @Get(':propertyName')
  @ApiOperation({ summary: 'A property' })
  @ApiResponse({ status: 200 })
  hubspotGetProperty(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('propertyName') propertyName: string,
  ): Promise<HubSpotProperty> {
    return this.service.getProperty(context, objectType, propertyName);
  }

  @Access('manage_data_model')
  @Patch(':propertyName')
  @ApiOperation({ summary: 'Change a property’s label, description or options' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200 })
  hubspotUpdateProperty(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('propertyName') propertyName: string,
    @Body() body: unknown,
  ): Promise<HubSpotProperty> {
    return this.service.updateProperty(context, objectType, propertyName, body);
  }

  @Access('manage_data_model')
  @Delete(':propertyName')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive a property (its values are kept until purged)' })
  @ApiResponse({ status: 204 })
  hubspotArchiveProperty(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('propertyName') propertyName: string,
  ): Promise<void> {
    return this.service.archiveProperty(context, objectType, propertyName);
  }
}
