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
import type { FastifyReply } from 'fastify';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { sendCsv } from 'src/common/http/csv-response';
import { entityTagOf, parseIfMatch } from 'src/common/http/if-match';
import { parseInclude, parseListQuery, recordListHeaders } from 'src/common/http/list-query';
import { Idempotent } from 'src/idempotency/idempotent.decorator';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { parseAsOf } from './record-as-of.service';
import type { DuplicateMatch, DuplicatePair } from './record-duplicates.repository';
import { RecordDuplicatesService } from './record-duplicates.service';
import { RecordExportService } from './record-export.service';
import { RecordMergeService } from './record-merge.service';
import { booleanFlag } from './record-recycle-bin.rules';
import { SearchRecordsDto, type SearchResponse } from './record-search.dto';
import { RecordSearchService } from './record-search.service';
import { RecordUpsertService, type UpsertOutcome } from './record-upsert.service';
import { RecordsBatchChangesService } from './records-batch-changes.service';
import { RecordsBatchService } from './records-batch.service';
import type { RecordResponse } from './records.dto';
import { RecordsService, type VersionedRecord } from './records.service';

/**
 * The record's version as its ETag; If-Match on PUT, PATCH and DELETE compares with it. A create's
 * look-alikes (`warn` duplicate rules) and a merged id's survivor are headers, so the record body
 * stays the object's schema (README "People and companies").
 */
function withEntityTag(response: FastifyReply, versioned: VersionedRecord): RecordResponse {
  response.header('ETag', entityTagOf(versioned.version));
  if (versioned.duplicates && versioned.duplicates.length > 0) {
    response.header(
      'Plinth-Possible-Duplicates',
      versioned.duplicates.map((duplicate) => duplicate.id).join(', '),
    );
  }
  if (versioned.mergedId) {
    response.header('Plinth-Merged-Into', versioned.record.id);
  }
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
    private readonly batchChanges: RecordsBatchChangesService,
    private readonly duplicates: RecordDuplicatesService,
    private readonly merge: RecordMergeService,
  ) {}

  @Access('records')
  @Get()
  async listRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Query() params: Record<string, unknown>,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RecordResponse[]> {
    const page = await this.service.listRecords(context, object, parseListQuery(params), {
      include: parseInclude(params.include),
    });
    response.headers(recordListHeaders(object, page));
    return page.records;
  }

  @Access('records')
  @Post()
  @Idempotent()
  async createRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
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
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<UpsertResponse> {
    const result = await this.upsert.upsertRecord(context, object, body, keyOption(key));
    response.status(result.outcome === 'created' ? 201 : 200);
    response.header('ETag', entityTagOf(result.version));
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

  /** Up to 1,000 updates (`[{ id, …properties }]`) in one transaction, all or nothing. */
  @Access('records')
  @Post('batch/update')
  @HttpCode(200)
  @Idempotent()
  updateRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
  ): Promise<RecordResponse[]> {
    return this.batchChanges.updateRecords(context, object, body);
  }

  /** Up to 1,000 deletes (`{ ids: [...] }`) in one transaction, all or nothing. */
  @Access('records')
  @Post('batch/delete')
  @HttpCode(200)
  @Idempotent()
  deleteRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Body() body: unknown,
  ): Promise<RecordResponse[]> {
    return this.batchChanges.deleteRecords(context, object, body);
  }

  /** Suspected duplicate pairs across the organization, best first. */
  @Access('records')
  @Get('duplicates')
  listDuplicatePairs(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Query('limit') limit: unknown,
  ): Promise<DuplicatePair[]> {
    return this.duplicates.listDuplicatePairs(context, object, limit);
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
    @Res() response: FastifyReply,
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
    @Query('as_of') asOf: unknown,
    @Query('archived') archived: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RecordResponse> {
    return withEntityTag(
      response,
      await this.service.getVersionedRecord(context, object, id, {
        include: parseInclude(include),
        asOf: parseAsOf(asOf),
        archived: booleanFlag('archived', archived),
      }),
    );
  }

  /** Records that look like this one by the object's duplicate rules, best first. */
  @Access('records')
  @Get(':id/duplicates')
  listDuplicates(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
  ): Promise<DuplicateMatch[]> {
    return this.duplicates.listDuplicates(context, object, id);
  }

  /** Merges `other_id` into this record (the survivor), in one transaction. */
  @Access('records')
  @Post(':id/merge')
  @HttpCode(200)
  mergeRecords(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<RecordResponse> {
    return this.merge.mergeRecords(context, object, id, body);
  }

  @Access('records')
  @Put(':id')
  replaceRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
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
    @Res({ passthrough: true }) response: FastifyReply,
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
    @Query('permanent') permanent: unknown,
  ): Promise<RecordResponse> {
    // Into the recycle bin; `?permanent=true` purges at once (README, "Recycle bin").
    return this.service.deleteRecord(context, object, id, {
      ifMatch: parseIfMatch(ifMatch),
      permanent: booleanFlag('permanent', permanent),
    });
  }

  /** Out of the recycle bin, with its values and links. */
  @Access('records')
  @Post(':id/restore')
  @HttpCode(200)
  async restoreRecord(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<RecordResponse> {
    return withEntityTag(
      response,
      await this.service.restoreRecord(context, object, id, { ifMatch: parseIfMatch(ifMatch) }),
    );
  }

  private async update(
    context: RequestContext,
    object: string,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    response: FastifyReply,
  ): Promise<RecordResponse> {
    const versioned = await this.service.updateRecord(context, object, id, body, {
      ifMatch: parseIfMatch(ifMatch),
    });
    return withEntityTag(response, versioned);
  }
}
