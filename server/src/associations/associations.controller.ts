import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { parseListQuery, recordListHeaders } from 'src/common/http/list-query';
import { Idempotent } from 'src/idempotency/idempotent.decorator';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import type { RecordResponse } from 'src/records/records.dto';
import {
  AssociationBatchDto,
  BatchResponseDto,
  LinkResponseDto,
  ReplaceQueryDto,
  UnlinkResponseDto,
} from './associations.dto';
import { AssociationsService } from './associations.service';

/** Links between records. Per-object paths are in the generated OpenAPI document. */
@ApiTags('Associations')
@ApiHeader({ name: 'X-Organization-Id', required: false, description: 'Organization id or slug' })
@Controller()
export class AssociationsController {
  constructor(private readonly service: AssociationsService) {}

  @Access('records')
  @Get('objects/:object/:id/associations/:association')
  @ApiExcludeEndpoint()
  async listAssociatedRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Param('association') association: string,
    @Query() params: Record<string, unknown>,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RecordResponse[]> {
    const page = await this.service.listAssociated(
      context,
      object,
      id,
      association,
      parseListQuery(params),
    );
    response.headers(recordListHeaders(association, page));
    return page.records;
  }

  @Access('records')
  @Put('objects/:object/:id/associations/:association/:toId')
  @ApiExcludeEndpoint()
  associateRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Param('association') association: string,
    @Param('toId') toId: string,
    @Query() query: ReplaceQueryDto,
  ): Promise<LinkResponseDto> {
    return this.service.associate(context, object, id, association, toId, query.replace === 'true');
  }

  @Access('records')
  @Delete('objects/:object/:id/associations/:association/:toId')
  @ApiExcludeEndpoint()
  dissociateRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Param('association') association: string,
    @Param('toId') toId: string,
  ): Promise<UnlinkResponseDto> {
    return this.service.dissociate(context, object, id, association, toId);
  }

  @Access('records')
  @Post('associations/batch')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary: 'Associate and dissociate many pairs of records in one transaction: all or nothing',
  })
  @ApiOkResponse({ type: BatchResponseDto })
  batchAssociations(
    @Ctx() context: RequestContext,
    @Body() body: AssociationBatchDto,
  ): Promise<BatchResponseDto> {
    return this.service.batch(
      context,
      { associate: body.associate ?? [], dissociate: body.dissociate ?? [] },
      body.replace ?? false,
    );
  }
}
