import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RequestContext } from 'src/organizations/request-context';
import { HubSpotNamesService } from './hubspot-names.service';
import {
  type HubSpotPipeline,
  type HubSpotPipelineStage,
  toHubSpotPipelines,
} from './hubspot-pipelines';

/**
 * HubSpot's pipelines API (`/crm/v3/pipelines/{objectType}`), read-only: pipelines are part of
 * the object's definition and change through the data model (README "Pipelines").
 */
@Injectable()
export class HubSpotPipelinesService {
  constructor(private readonly names: HubSpotNamesService) {}

  async listPipelines(context: RequestContext, objectType: string): Promise<HubSpotPipeline[]> {
    return toHubSpotPipelines(await this.names.resolve(context, objectType));
  }

  async getPipeline(
    context: RequestContext,
    objectType: string,
    pipelineId: string,
  ): Promise<HubSpotPipeline> {
    const pipeline = (await this.listPipelines(context, objectType)).find(
      (p) => p.id === pipelineId,
    );
    if (!pipeline) {
      throw new AppError(ErrorCode.NotFound, `No pipeline ${pipelineId} on ${objectType}`);
    }
    return pipeline;
  }

  async getStage(
    context: RequestContext,
    objectType: string,
    pipelineId: string,
    stageId: string,
  ): Promise<HubSpotPipelineStage> {
    const pipeline = await this.getPipeline(context, objectType, pipelineId);
    const stage = pipeline.stages.find((s) => s.id === stageId);
    if (!stage) {
      throw new AppError(
        ErrorCode.NotFound,
        `No stage ${stageId} in pipeline ${pipelineId} of ${objectType}`,
      );
    }
    return stage;
  }
}
