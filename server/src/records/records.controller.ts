import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
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
import { sendCsv } from 'src/common/http/csv-response';
import { Idempotent } from 'src/common/http/idempotent.decorator';
import { entityTagOf, parseIfMatch } from 'src/common/http/if-match';
import { parseInclude, parseListQuery, recordListHeaders } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { RecordExportService } from './record-export.service';
import { SearchRecordsDto, type SearchResponse } from './record-search.dto';
import { RecordSearchService } from './record-search.service';
import { RecordsBatchService } from './records-batch.service';
import type { RecordResponse } from './records.dto';
import { RecordsService, type VersionedRecord } from './records.service';

/** The record's version as its ETag; If-Match on PUT, PATCH and DELETE compares with it. */
function withEntityTag(response: Response, versioned: VersionedRecord): RecordResponse {
  response.setHeader('ETag', entityTagOf(versioned.version));
  return versioned.record;
}

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
    private readonly exports: RecordExportService,
  ) {}

  @Access('records')
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

  @Access('records')
  @Post()
  @Idempotent()
  async createRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordResponse> {
    return withEntityTag(response, await this.service.createVersionedRecord(context, object, body));
  }

  /** The bulk path: up to 1,000 records in one transaction, all or nothing. */
  @Access('records')
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
  @Access('records')
  @Post('search')
  @HttpCode(200)
  searchRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: SearchRecordsDto,
  ): Promise<SearchResponse> {
    return this.search.searchRecords(context, object, body);
  }

  /**
   * Every record the list with this filter and sort shows, as CSV, streamed. Declared before
   * `GET :id`, which would otherwise take `export.csv` for an id.
   */
  @Access('records')
  @Get('export.csv')
  async exportRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Query() params: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const csv = await this.exports.exportRecords(context, object, parseListQuery(params));
    await sendCsv(response, csv.fileName, (sink) => csv.writeTo(sink));
  }

  @Access('records')
  @Get(':id')
  async getRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Query('include') include: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordResponse> {
    return withEntityTag(
      response,
      await this.service.getVersionedRecord(context, object, id, {
        include: parseInclude(include),
      }),
    );
  }

  @Access('records')
  @Put(':id')
  replaceRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordResponse> {
    return this.update(context, object, id, body, ifMatch, response);
  }

  @Access('records')
  @Patch(':id')
  updateRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordResponse> {
    return this.update(context, object, id, body, ifMatch, response);
  }

  @Access('records')
  @Delete(':id')
  @HttpCode(200)
  deleteRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<RecordResponse> {
    return this.service.deleteRecord(context, object, id, { ifMatch: parseIfMatch(ifMatch) });
  }

  private async update(
    context: RequestContext,
    object: string,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<RecordResponse> {
    const versioned = await this.service.updateRecord(context, object, id, body, {
      ifMatch: parseIfMatch(ifMatch),
    });
    return withEntityTag(response, versioned);
  }
}
