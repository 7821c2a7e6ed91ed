import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendCsv } from 'src/common/http/csv-response';
import { csvUpload } from 'src/common/http/csv-upload';
import { contentRange, parseListQuery } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { failedRowsCsv } from './import-failures';
import {
  CreateImportQueryDto,
  ImportDryRunDto,
  ImportJobDto,
  ImportSettingsDto,
  UploadedImportDto,
} from './imports.dto';
import { ImportsService } from './imports.service';

/**
 * CSV imports (README "Import and export"): upload the file as the body (`text/csv`), check
 * it (dry run), start it, follow it, cancel it, download its failed rows. Each route needs the
 * records access kind; the per-object scopes apply in the service (create, update for upsert).
 */
@ApiTags('Imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly service: ImportsService) {}

  @Post()
  @Access('records')
  @ApiOperation({
    summary: 'Upload a CSV file to import',
    description:
      'The body is the file itself (`Content-Type: text/csv`, UTF-8), streamed to disk: larger than the limit (PLINTH_IMPORT_MAX_MB) is a 413. The answer is the job (status `uploaded`) with the file’s columns, what they may map to and a suggested mapping; check it with `dry-run`, then `start` it.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: UploadedImportDto })
  uploadImport(
    @Ctx() context: RequestContext,
    @Query() query: CreateImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<UploadedImportDto> {
    return this.service.upload(context, query.object, {
      ...csvUpload(request),
      fileName: query.file_name ?? 'upload.csv',
    });
  }

  @Get()
  @Access('records')
  @ApiOperation({ summary: 'The organization’s imports, newest first (react-admin list dialect)' })
  @ApiOkResponse({ type: [ImportJobDto] })
  async listImports(
    @Ctx() context: RequestContext,
    @Query() params: Record<string, unknown>,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ImportJobDto[]> {
    const page = await this.service.listJobs(
      context,
      parseListQuery({ range: params.range }).range,
    );
    response.header(
      'Content-Range',
      contentRange('imports', page.start, page.jobs.length, page.total),
    );
    return page.jobs;
  }

  @Get(':id')
  @Access('records')
  @ApiOperation({ summary: 'One import: status, progress (rows done, rows/s, time left), counts' })
  @ApiOkResponse({ type: ImportJobDto })
  getImport(@Ctx() context: RequestContext, @Param('id') id: string): Promise<ImportJobDto> {
    return this.service.getJob(context, id);
  }

  @Post(':id/dry-run')
  @Access('records')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check every row as the import would write it; nothing is written',
    description:
      'Answers the first rows as records and every refused row with its reason (the first 1,000). Unique values already taken by stored records are found only by the import itself.',
  })
  @ApiOkResponse({ type: ImportDryRunDto })
  dryRunImport(
    @Ctx() context: RequestContext,
    @Param('id') id: string,
    @Body() body: ImportSettingsDto,
  ): Promise<ImportDryRunDto> {
    return this.service.dryRun(context, id, body);
  }

  @Post(':id/start')
  @Access('records')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run the import in the background',
    description:
      'Rows are written in batches of 1,000 through the record write path. A batch with refused rows still writes its good rows; each refused row is kept with its reason (`failed.csv`).',
  })
  @ApiAcceptedResponse({ type: ImportJobDto })
  startImport(
    @Ctx() context: RequestContext,
    @Param('id') id: string,
    @Body() body: ImportSettingsDto,
  ): Promise<ImportJobDto> {
    return this.service.start(context, id, body);
  }

  @Post(':id/cancel')
  @Access('records')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop an import before its next batch (what it wrote stays)' })
  @ApiOkResponse({ type: ImportJobDto })
  cancelImport(@Ctx() context: RequestContext, @Param('id') id: string): Promise<ImportJobDto> {
    return this.service.cancel(context, id);
  }

  @Get(':id/failed.csv')
  @Access('records')
  @ApiOperation({
    summary: 'The rows the import refused: row number, reason, then the row as it was',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async getImportFailures(
    @Ctx() context: RequestContext,
    @Param('id') id: string,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const failures = await this.service.failedRows(context, id);
    await sendCsv(response, `import-${id}-failed.csv`, (sink) => failedRowsCsv(failures, sink));
  }
}
