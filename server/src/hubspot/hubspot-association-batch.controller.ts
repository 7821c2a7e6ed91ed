import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import type { LabelsBetweenObjectPair } from './hubspot-associations.controller';
import {
  type AssociationSpec,
  HubSpotAssociationsService,
  labelOf,
  type LabelResult,
  type Pair,
} from './hubspot-associations.service';
import { batchStatus } from './hubspot-batch-status';
import { batchAnswer, type BatchResult, eachInput } from './hubspot-batch.service';
import { HubSpotExceptionFilter } from './hubspot-exception.filter';
import { HUBSPOT_TAG } from './hubspot-openapi';
import { batchInputs, textOf } from './hubspot-query';

interface PairInput {
  from?: { id?: unknown };
  to?: { id?: unknown } | Array<{ id?: unknown }>;
  types?: AssociationSpec[];
}

function idOf(end: { id?: unknown } | undefined): string {
  return textOf(end?.id);
}

/** A pair input's two record ids (the first `to` of a list). */
function endsOf(input: PairInput): { fromId: string; toId: string; input: PairInput } {
  return {
    fromId: idOf(input.from),
    toId: idOf(Array.isArray(input.to) ? input.to[0] : input.to),
    input,
  };
}

/** HubSpot's associations v4 batch endpoints and labels (`/crm/v4/associations/{from}/{to}/…`). */
@ApiTags(HUBSPOT_TAG)
@UseFilters(HubSpotExceptionFilter)
@Controller('crm/v4/associations/:fromObjectType/:toObjectType')
export class HubSpotAssociationBatchController {
  constructor(private readonly service: HubSpotAssociationsService) {}

  @Access('records')
  @Post('batch/create')
  @ApiOperation({ summary: 'Associate pairs of records with the given types (207 when some fail)' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 201 })
  async hubspotCreateAssociations(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult<LabelsBetweenObjectPair>> {
    const startedAt = new Date().toISOString();
    const pair = await this.service.pair(context, fromType, toType);
    const result = await eachInput(
      startedAt,
      batchInputs<PairInput>(body, 1000).map(endsOf),
      ({ fromId, toId }) => [fromId, toId],
      async ({ fromId, toId, input }) => {
        const sides = (input.types ?? []).map((spec) =>
          this.service.sideOf(pair, spec.associationTypeId),
        );
        const labels = await this.service.associate(context, pair, fromId, toId, sides);
        return this.labelsOf(pair, fromId, toId, labels);
      },
    );
    return batchStatus(response, result, 201);
  }

  @Access('records')
  @Post('batch/associate/default')
  @ApiOperation({ summary: 'Associate pairs of records with the default type' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200 })
  async hubspotCreateDefaultAssociations(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult<unknown>> {
    const startedAt = new Date().toISOString();
    const pair = await this.service.pair(context, fromType, toType);
    const side = this.service.defaultSide(pair);
    const answer = await eachInput(
      startedAt,
      batchInputs<PairInput>(body, 1000).map(endsOf),
      ({ fromId, toId }) => [fromId, toId],
      async ({ fromId, toId }) => {
        await this.service.associate(context, pair, fromId, toId, [side]);
        return {
          from: { id: fromId },
          to: { id: toId },
          associationSpec: { associationCategory: side.category, associationTypeId: side.typeId },
        };
      },
    );
    const result = batchStatus(response, answer, 200);
    // HubSpot's client accepts only 200 here, failures or not (they are in `errors`).
    response.status(200);
    return result;
  }

  @Access('records')
  @Post('batch/read')
  @ApiOperation({ summary: 'The associations of up to 1,000 records' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200 })
  async hubspotReadAssociations(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<BatchResult<unknown>> {
    const startedAt = new Date().toISOString();
    const pair = await this.service.pair(context, fromType, toType);
    const ids = batchInputs<{ id?: unknown }>(body, 1000).map((input) => String(input.id));
    const linked = await this.service.linked(context, pair, ids);
    const results = ids.flatMap((id) => {
      const to = linked.get(id) ?? [];
      return to.length > 0 ? [{ from: { id }, to }] : [];
    });
    return batchStatus(response, batchAnswer(startedAt, results, []), 200);
  }

  @Access('records')
  @Post('batch/archive')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove every association between the given pairs' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 204 })
  async hubspotArchiveAssociations(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
  ): Promise<void> {
    const pair = await this.service.pair(context, fromType, toType);
    const removals = batchInputs<PairInput>(body, 1000).flatMap((input) =>
      (Array.isArray(input.to) ? input.to : [input.to]).map((to) => ({
        fromId: idOf(input.from),
        toId: idOf(to),
      })),
    );
    await this.service.dissociate(context, pair, removals);
  }

  @Access('records')
  @Post('batch/labels/archive')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the given types between the given pairs' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 204 })
  async hubspotArchiveAssociationLabels(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
  ): Promise<void> {
    const pair = await this.service.pair(context, fromType, toType);
    const removals = batchInputs<PairInput>(body, 1000).map((input) => ({
      fromId: idOf(input.from),
      toId: endsOf(input).toId,
      sides: (input.types ?? []).map((spec) => this.service.sideOf(pair, spec.associationTypeId)),
    }));
    await this.service.dissociateTypes(context, pair, removals);
  }

  @Access('signed_in')
  @Get('labels')
  @ApiOperation({ summary: 'The association types (labels) from one object to another' })
  @ApiResponse({ status: 200 })
  async hubspotListAssociationLabels(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
  ): Promise<{ results: LabelResult[] }> {
    const pair = await this.service.pair(context, fromType, toType);
    return { results: pair.sides.map(labelOf) };
  }

  @Access('manage_data_model')
  @Post('labels')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new label: an association of its own between the two objects' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 200 })
  async hubspotCreateAssociationLabel(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
  ): Promise<{ results: LabelResult[] }> {
    const pair = await this.service.pair(context, fromType, toType);
    return { results: await this.service.createLabel(context, pair, body) };
  }

  @Access('manage_data_model')
  @Put('labels')
  @HttpCode(204)
  @ApiOperation({ summary: 'Relabel a user-defined association type' })
  @ApiBody({ schema: { type: 'object' } })
  @ApiResponse({ status: 204 })
  async hubspotUpdateAssociationLabel(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Body() body: unknown,
  ): Promise<void> {
    const pair = await this.service.pair(context, fromType, toType);
    await this.service.updateLabel(context, pair, body);
  }

  @Access('manage_data_model')
  @Delete('labels/:associationTypeId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user-defined association type (409 while it has links)' })
  @ApiResponse({ status: 204 })
  async hubspotDeleteAssociationLabel(
    @Ctx() context: RequestContext,
    @Param('fromObjectType') fromType: string,
    @Param('toObjectType') toType: string,
    @Param('associationTypeId') typeId: string,
  ): Promise<void> {
    const pair = await this.service.pair(context, fromType, toType);
    await this.service.deleteLabel(context, pair, typeId);
  }

  private labelsOf(
    pair: Pair,
    fromId: string,
    toId: string,
    labels: LabelResult[],
  ): LabelsBetweenObjectPair {
    return {
      fromObjectTypeId: pair.from.objectTypeId,
      fromObjectId: fromId,
      toObjectTypeId: pair.to.objectTypeId,
      toObjectId: toId,
      labels: labels.map((label) => label.label),
    };
  }
}
