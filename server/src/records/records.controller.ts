import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Idempotent } from 'src/common/http/idempotent.decorator';
import { parseInclude, parseListQuery, recordListHeaders } from 'src/common/http/list-query';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { SearchRecordsDto, type SearchResponse } from './record-search.dto';
import { RecordSearchService } from './record-search.service';
import { RecordsBatchService } from './records-batch.service';
import type { RecordResponse } from './records.dto';
import { RecordsService } from './records.service';

/**
 * The record API of every object, in react-admin's simple REST dialect. Its OpenAPI paths are
 * generated per definition, so this controller is excluded from the decorator-built document.
 */
@ApiExcludeController()
@Controller('objects/:object')
export class RecordsController {
  constructor(
    private readonly service: RecordsService,
    private readonly batch: RecordsBatchService,
    private readonly search: RecordSearchService,
  ) {}

  @Get()
  async listRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Query() params: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordResponse[]> {
    const page = await this.service.listRecords(context, object, parseListQuery(params), {
      include: parseInclude(params.include),
    });
    response.set(recordListHeaders(object, page));
    return page.records;
  }

  @Post()
  @Idempotent()
  createRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
  ): Promise<RecordResponse> {
    return this.service.createRecord(context, object, body);
  }

  /** The bulk path: up to 1,000 records in one transaction, all or nothing. */
  @Post('batch')
  @Idempotent()
  createRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
  ): Promise<RecordResponse[]> {
    return this.batch.createRecords(context, object, body);
  }

  /** Filter groups, several sorts, full text and keyset pages (HubSpot's search dialect). */
  @Post('search')
  @HttpCode(200)
  searchRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: SearchRecordsDto,
  ): Promise<SearchResponse> {
    return this.search.searchRecords(context, object, body);
  }

  @Get(':id')
  getRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Query('include') include: unknown,
  ): Promise<RecordResponse> {
    return this.service.getRecord(context, object, id, { include: parseInclude(include) });
  }

  @Put(':id')
  replaceRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RecordResponse> {
    return this.service.updateRecord(context, object, id, body);
  }

  @Patch(':id')
  updateRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RecordResponse> {
    return this.service.updateRecord(context, object, id, body);
  }

  @Delete(':id')
  @HttpCode(200)
  deleteRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
  ): Promise<RecordResponse> {
    return this.service.deleteRecord(context, object, id);
  }
}
