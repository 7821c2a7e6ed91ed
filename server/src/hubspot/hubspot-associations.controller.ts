import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import {
  type AssociationSpec,
  HubSpotAssociationsService,
  type LabelResult,
} from './hubspot-associations.service';
import { HubSpotExceptionFilter } from './hubspot-exception.filter';
import { HUBSPOT_TAG } from './hubspot-openapi';
import { limitParam, stringParam } from './hubspot-query';

export interface LabelsBetweenObjectPair {
  fromObjectTypeId: string;
  fromObjectId: string;
  toObjectTypeId: string;
  toObjectId: string;
  labels: Array<string | null>;
}

export interface DefaultAssociations {
  status: 'COMPLETE';
  results: Array<{
    from: { id: string };
    to: { id: string };
    associationSpec: { associationCategory: string; associationTypeId: number };
  }>;
  startedAt: string;
  completedAt: string;
}

export interface AssociatedPage {
  results: Array<{ toObjectId: string; associationTypes: LabelResult[] }>;
  paging?: { next: { after: string } };
}

function specs(body: unknown): AssociationSpec[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new AppError(
      ErrorCode.BadRequest,
      'The body must be a non-empty array of {associationCategory, associationTypeId}',
      { body: 'must be a non-empty array' },
    );
  }
  return body as AssociationSpec[];
}

/** HubSpot's associations v4 between two records (`/crm/v4/objects/…/associations/…`). */
@ApiTags(HUBSPOT_TAG)
@UseFilters(HubSpotExceptionFilter)
@Controller('crm/v4/objects/:objectType/:objectId/associations')
export class HubSpotAssociationsController {
  constructor(private readonly service: HubSpotAssociationsService) {}

  @Access('records')
  @Put('default/:toObjectType/:toObjectId')
  @ApiOperation({ summary: 'Associate two records with the default (unlabelled) type' })
  @ApiResponse({ status: 200 })
  async hubspotAssociateDefault(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toObjectId: string,
  ): Promise<DefaultAssociations> {
    const startedAt = new Date().toISOString();
    const pair = await this.service.pair(context, objectType, toObjectType);
    const side = this.service.defaultSide(pair);
    await this.service.associate(context, pair, objectId, toObjectId, [side]);
    return {
      status: 'COMPLETE',
      results: [
        {
          from: { id: objectId },
          to: { id: toObjectId },
          associationSpec: { associationCategory: side.category, associationTypeId: side.typeId },
        },
      ],
      startedAt,
      completedAt: new Date().toISOString(),
    };
  }

  @Access('records')
  @Put(':toObjectType/:toObjectId')
  @HttpCode(201)
  @ApiOperation({ summary: 'Associate two records with the given (labelled) types' })
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiResponse({ status: 201 })
  async hubspotAssociateLabelled(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toObjectId: string,
    @Body() body: unknown,
  ): Promise<LabelsBetweenObjectPair> {
    const pair = await this.service.pair(context, objectType, toObjectType);
    const sides = specs(body).map((spec) => this.service.sideOf(pair, spec.associationTypeId));
    const labels = await this.service.associate(context, pair, objectId, toObjectId, sides);
    return {
      fromObjectTypeId: pair.from.objectTypeId,
      fromObjectId: objectId,
      toObjectTypeId: pair.to.objectTypeId,
      toObjectId,
      labels: labels.map((label) => label.label),
    };
  }

  @Access('records')
  @Get(':toObjectType')
  @ApiOperation({ summary: 'The records associated with one record, with their types' })
  @ApiResponse({ status: 200 })
  async hubspotListAssociations(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Query() query: Record<string, unknown>,
  ): Promise<AssociatedPage> {
    const limit = limitParam(query.limit, 500, 500);
    const after = stringParam(query.after);
    const offset = after !== undefined && /^\d{1,9}$/.test(after) ? Number(after) : 0;
    const pair = await this.service.pair(context, objectType, toObjectType);
    const all = (await this.service.linked(context, pair, [objectId])).get(objectId) ?? [];
    const results = all.slice(offset, offset + limit);
    return {
      results,
      ...(offset + limit < all.length
        ? { paging: { next: { after: String(offset + limit) } } }
        : {}),
    };
  }

  @Access('records')
  @Delete(':toObjectType/:toObjectId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove every association between two records' })
  @ApiResponse({ status: 204 })
  async hubspotDissociate(
    @Ctx() context: RequestContext,
    @Param('objectType') objectType: string,
    @Param('objectId') objectId: string,
    @Param('toObjectType') toObjectType: string,
    @Param('toObjectId') toObjectId: string,
  ): Promise<void> {
    const pair = await this.service.pair(context, objectType, toObjectType);
    await this.service.dissociate(context, pair, [{ fromId: objectId, toId: toObjectId }]);
  }
}
