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
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
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
import { RecordUpsertService, type UpsertOutcome } from './record-upsert.service';
import { RecordsBatchService } from './records-batch.service';
import type { RecordResponse } from './records.dto';
import { RecordsService, type VersionedRecord } from './records.service';

/** The record's version as its ETag; If-Match on PUT, PATCH and DELETE compares with it. */
function withEntityTag(response: Response, versioned: VersionedRecord): RecordResponse {
  response.setHeader('ETag', entityTagOf(versioned.version));
  return versioned.record;
}

interface UpsertResponse {
  outcome: UpsertOutcome;
  record: RecordResponse;
}

function keyOption(key: unknown): { key?: string } {
  return typeof key === 'string' && key !== '' ? { key } : {};
}

/** A batch body: a JSON array of records, or `{ "records": [...], "key"?: "…" }`. */
function readBatchBody(body: unknown): { records: unknown[]; key?: string } {
  if (Array.isArray(body)) {
    return { records: body };
  }
  const { records, key } = (body ?? {}) as { records?: unknown; key?: unknown };
  if (!Array.isArray(records)) {
    throw new AppError(
      ErrorCode.BadRequest,
      'The body must be a JSON array of records (or {"records": [...]})',
    );
  }
  return { records, ...(typeof key === 'string' ? { key } : {}) };
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
    private readonly upsert: RecordUpsertService,
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

  /**
   * Find-or-create by a key (`?key=email`, default: the first unique property or composite key
   * the body has): 201 `{ outcome: "created", record }` or 200 `{ outcome: "updated", record }`.
   */
  @Access('records')
  @Post('upsert')
  @Idempotent()
  async upsertRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
    @Query('key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UpsertResponse> {
    const result = await this.upsert.upsertRecord(context, object, body, keyOption(key));
    response.status(result.outcome === 'created' ? 201 : 200);
    response.setHeader('ETag', entityTagOf(result.version));
    return { outcome: result.outcome, record: result.record };
  }

  /** Up to 1,000 find-or-creates in one transaction, all or nothing, answered in order. */
  @Access('records')
  @Post('upsert/batch')
  @HttpCode(200)
  @Idempotent()
  async upsertRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
    @Query('key') key: string | undefined,
  ): Promise<{ results: UpsertResponse[] }> {
    const { records, key: bodyKey } = readBatchBody(body);
    const results = await this.upsert.upsertRecords(
      context,
      object,
      records,
      keyOption(key ?? bodyKey),
    );
    return { results: results.map(({ outcome, record }) => ({ outcome, record })) };
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
