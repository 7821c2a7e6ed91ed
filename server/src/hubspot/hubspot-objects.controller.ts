import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { batchStatus } from './hubspot-batch-status';
import { type BatchResult, HubSpotBatchService } from './hubspot-batch.service';
import { HubSpotExceptionFilter } from './hubspot-exception.filter';
import { type HubSpotPage, HubSpotObjectsService } from './hubspot-objects.service';
import { HUBSPOT_TAG, OBJECT_BODY, OBJECT_PAGE, OBJECT_RESPONSE } from './hubspot-openapi';
import { arrayParam, booleanParam, limitParam, stringParam } from './hubspot-query';
import type { HubSpotRecord } from './hubspot-values';

/** HubSpot's CRM objects API (`/crm/v3/objects/{objectType}`): README "Coming from HubSpot". */
@ApiTags(HUBSPOT_TAG)
@UseFilters(HubSpotExceptionFilter)
@Controller('crm/v3/objects/:objectType')
export class HubSpotObjectsController {
  constructor(
    private readonly objects: HubSpotObjectsService,
    private readonly batch: HubSpotBatchService,
  ) {}

  @Access('records')
  @Get()
  @ApiOperation({ summary: 'List records (HubSpot: cursor `after`, limit ≤ 100)' })
  @ApiResponse({ status: 200, schema: OBJECT_PAGE })
  hubspotListObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Query() query: Record<string, unknown>,
  ): Promise<HubSpotPage> {
    return this.objects.listObjects(context, objectType, {
      limit: limitParam(query.limit, 10, 100),
      after: stringParam(query.after),
      properties: arrayParam(query.properties),
      associations: arrayParam(query.associations),
      archived: booleanParam(query.archived, 'archived'),
    });
  }

  @Access('records')
  @Post()
  @ApiOperation({ summary: 'Create a record, with associations' })
  @ApiBody({ schema: OBJECT_BODY })
  @ApiResponse({ status: 201, schema: OBJECT_RESPONSE })
  hubspotCreateObject(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<HubSpotRecord> {
    return this.objects.createObject(context, objectType, body);
  }

  @Access('records')
  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Search records (filter groups, sorts, query, paging)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200, schema: OBJECT_PAGE })
  hubspotSearchObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<HubSpotPage> {
    return this.objects.searchObjects(context, objectType, body);
  }

  @Access('records')
  @Post('batch/create')
  @ApiOperation({ summary: 'Create up to 100 records (207 when some fail)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 201, description: 'All created' })
  @ApiResponse({ status: 207, description: 'Some inputs failed; `errors` names them' })
  async hubspotCreateObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult> {
    return batchStatus(response, await this.batch.createBatch(context, objectType, body), 201);
  }

  @Access('records')
  @Post('batch/read')
  @ApiOperation({
    summary: 'Read up to 100 records by id or idProperty (207 when some are missing)',
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200, description: 'All found' })
  async hubspotReadObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult> {
    return batchStatus(response, await this.batch.readBatch(context, objectType, body), 200);
  }

  @Access('records')
  @Post('batch/update')
  @ApiOperation({ summary: 'Update up to 100 records (207 when some fail)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200, description: 'All updated' })
  async hubspotUpdateObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult> {
    return batchStatus(response, await this.batch.updateBatch(context, objectType, body), 200);
  }

  @Access('records')
  @Post('batch/upsert')
  @ApiOperation({ summary: 'Create or update up to 100 records by a unique property' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200, description: 'Each result says `new: true|false`' })
  async hubspotUpsertObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult<HubSpotRecord & { new: boolean }>> {
    return batchStatus(response, await this.batch.upsertBatch(context, objectType, body), 200);
  }

  @Access('records')
  @Post('batch/archive')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive up to 100 records' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 204 })
  hubspotArchiveObjects(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Body() body: unknown,
  ): Promise<void> {
    return this.batch.archiveBatch(context, objectType, body);
  }

  @Access('records')
  @Get(':objectId')
  @ApiOperation({ summary: 'Read a record (by id or idProperty)' })
  @ApiResponse({ status: 200, schema: OBJECT_RESPONSE })
  hubspotGetObject(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<HubSpotRecord> {
    return this.objects.getObject(context, objectType, objectId, {
      properties: arrayParam(query.properties),
      associations: arrayParam(query.associations),
      idProperty: stringParam(query.idProperty),
    });
  }

  @Access('records')
  @Patch(':objectId')
  @ApiOperation({ summary: 'Update a record’s properties (an empty string clears one)' })
  @ApiBody({ schema: OBJECT_BODY })
  @ApiResponse({ status: 200, schema: OBJECT_RESPONSE })
  hubspotUpdateObject(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Query('idProperty') idProperty: unknown,
    @Body() body: unknown,
  ): Promise<HubSpotRecord> {
    return this.objects.updateObject(context, objectType, objectId, body, stringParam(idProperty));
  }

  @Access('records')
  @Delete(':objectId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive (delete) a record' })
  @ApiResponse({ status: 204 })
  hubspotArchiveObject(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
  ): Promise<void> {
    return this.objects.archiveObject(context, objectType, objectId);
  }
}
