import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiExcludeController, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { HubSpotExceptionFilter } from './hubspot-exception.filter';
import { HUBSPOT_TAG } from './hubspot-openapi';
import {
  type HubSpotSchema,
  HubSpotSchemasService,
  type SchemaAssociation,
} from './hubspot-schemas.service';

/** HubSpot's custom object schemas (`/crm-object-schemas/v3/schemas`). */
@ApiTags(HUBSPOT_TAG)
@UseFilters(HubSpotExceptionFilter)
@Controller('crm-object-schemas/v3/schemas')
export class HubSpotSchemasController {
  constructor(private readonly service: HubSpotSchemasService) {}

  @Access('signed_in')
  @Get()
  @ApiOperation({ summary: 'The custom objects, as HubSpot schemas' })
  @ApiResponse({ status: 200 })
  async hubspotListSchemas(@Ctx() context: RequestContext): Promise<{ results: HubSpotSchema[] }> {
    return { results: await this.service.listSchemas(context) };
  }

  @Access('manage_data_model')
  @Post()
  @ApiOperation({ summary: 'Create a custom object (an ordinary Plinth definition)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 201 })
  hubspotCreateSchema(
    @Ctx() context: RequestContext,
    @Body() body: unknown,
  ): Promise<HubSpotSchema> {
    return this.service.createSchema(context, body);
  }

  @Access('signed_in')
  @Get(':objectType')
  @ApiOperation({ summary: 'An object’s schema' })
  @ApiResponse({ status: 200 })
  hubspotGetSchema(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
  ): Promise<HubSpotSchema> {
    return this.service.getSchema(context, objectType);
  }

  @Access('manage_data_model')
  @Patch(':objectType')
  @ApiOperation({ summary: 'Change a custom object’s labels, description or display property' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200 })
  hubspotUpdateSchema(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<HubSpotSchema> {
    return this.service.updateSchema(context, objectType, body);
  }

  @Access('manage_data_model')
  @Delete(':objectType')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive a custom object' })
  @ApiResponse({ status: 204 })
  hubspotArchiveSchema(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
  ): Promise<void> {
    return this.service.archiveSchema(context, objectType);
  }

  @Access('manage_data_model')
  @Post(':objectType/associations')
  @ApiOperation({ summary: 'Associate a custom object with another object' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 201 })
  hubspotCreateSchemaAssociation(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<SchemaAssociation> {
    return this.service.createAssociation(context, objectType, body);
  }

  @Access('manage_data_model')
  @Delete(':objectType/associations/:associationIdentifier')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an association of a custom object (409 while it has links)' })
  @ApiResponse({ status: 204 })
  hubspotDeleteSchemaAssociation(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('associationIdentifier') associationIdentifier: string,
  ): Promise<void> {
    return this.service.deleteAssociation(context, objectType, associationIdentifier);
  }
}

/** The same API at `/crm/v3/schemas` (HubSpot serves both); documented once, above. */
@ApiExcludeController()
@UseFilters(HubSpotExceptionFilter)
@Controller('crm/v3/schemas')
export class HubSpotSchemasAliasController extends HubSpotSchemasController {}
