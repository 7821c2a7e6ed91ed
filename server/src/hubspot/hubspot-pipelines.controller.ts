import { Controller, Get, Param, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { HubSpotExceptionFilter } from './hubspot-exception.filter';
import { HUBSPOT_TAG } from './hubspot-openapi';
import type { HubSpotPipeline, HubSpotPipelineStage } from './hubspot-pipelines';
import { HubSpotPipelinesService } from './hubspot-pipelines.service';

/** HubSpot's pipelines API (`/crm/v3/pipelines/{objectType}`), read-only. */
@ApiTags(HUBSPOT_TAG)
@UseFilters(HubSpotExceptionFilter)
@Controller('crm/v3/pipelines/:objectType')
export class HubSpotPipelinesController {
  constructor(private readonly service: HubSpotPipelinesService) {}

  @Access('records')
  @Get()
  @ApiOperation({ summary: 'An object’s pipelines with their stages (deals: sales, renewals)' })
  @ApiResponse({ status: 200 })
  async hubspotListPipelines(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
  ): Promise<{ results: HubSpotPipeline[] }> {
    return { results: await this.service.listPipelines(context, objectType) };
  }

  @Access('records')
  @Get(':pipelineId')
  @ApiOperation({ summary: 'One pipeline, by id (its name)' })
  @ApiResponse({ status: 200 })
  hubspotGetPipeline(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('pipelineId') pipelineId: string,
  ): Promise<HubSpotPipeline> {
    return this.service.getPipeline(context, objectType, pipelineId);
  }

  @Access('records')
  @Get(':pipelineId/stages')
  @ApiOperation({ summary: 'A pipeline’s stages in order' })
  @ApiResponse({ status: 200 })
  async hubspotListPipelineStages(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('pipelineId') pipelineId: string,
  ): Promise<{ results: HubSpotPipelineStage[] }> {
    return { results: (await this.service.getPipeline(context, objectType, pipelineId)).stages };
  }

  @Access('records')
  @Get(':pipelineId/stages/:stageId')
  @ApiOperation({ summary: 'One stage, by id (its value)' })
  @ApiResponse({ status: 200 })
  hubspotGetPipelineStage(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('pipelineId') pipelineId: string,
    @Param('stageId') stageId: string,
  ): Promise<HubSpotPipelineStage> {
    return this.service.getStage(context, objectType, pipelineId, stageId);
  }
}
