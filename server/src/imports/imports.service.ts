import { Inject, Injectable } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { BodyUpload } from 'src/common/http/csv-upload';
import { newRecordId, UUID } from 'src/common/uuid';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import { assertAction, scopeOf } from 'src/records/record-access';
import { actorText } from 'src/records/record-actors';
import { upsertKeys } from 'src/records/record-upsert.keys';
import { writeBatch } from './import-batch';
import { type CsvRow, readCsv, saveUpload, scanCsv } from './import-file';
import {
  type ImportFailure,
  type ImportJobRow,
  ImportJobsRepository,
} from './import-jobs.repository';
import { suggestMapping } from './import-mapping';
import {
  type ImportPlan,
  type ImportSettings,
  importTargets,
  planImport,
  planRows,
} from './import-plan';
import { IMPORT_BATCH_SIZE, ImportRunner } from './import-runner';
import {
  type ImportDryRunDto,
  type ImportJobDto,
  toImportJob,
  toImportTarget,
  type UploadedImportDto,
} from './imports.dto';

/** Rows a dry run shows as records, and refused rows it lists. */
export const PREVIEW_ROWS = 20;
export const MAX_LISTED_ERRORS = 1000;

/** The upload as it arrives: the body stream and what the request says of it. */
export interface ImportUpload extends BodyUpload {
  fileName: string;
}

/**
 * CSV imports (README "Import and export"): upload, dry run, start, progress, cancel, the
 * failed rows. Records are written only through records/ (batch create or upsert), with the
 * caller's context: it needs create on the object, and update for an upsert.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly runner: ImportRunner,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(
    context: RequestContext,
    objectName: string,
    upload: ImportUpload,
  ): Promise<UploadedImportDto> {
    const definition = await this.definitions.getDefinition(context, objectName);
    assertAction(context, definition.name, 'create');
    const id = newRecordId();
    const path = this.pathOf(context, id);
    const size = await saveUpload(
      upload.stream,
      path,
      this.config.importMaxBytes,
      upload.declaredLength,
    );
    const { header, rows } = await scanCsv(path).catch(async (error: unknown) => {
      await this.discard(path);
      throw error;
    });
    const targets = importTargets(
      context,
      definition,
      await this.associations.sidesOfObject(context, definition.name),
    );
    const job = await this.jobs.insert(context.organizationId, {
      id,
      object_name: definition.name,
      mapping: suggestMapping(header, targets),
      columns: header,
      file_name: upload.fileName,
      file_size: String(size),
      rows_total: rows,
      created_by: actorText(context.actor),
    });
    return {
      ...toImportJob(job),
      targets: targets.map(toImportTarget),
      keys: upsertKeys(definition).map((key) => key.name),
    };
  }

  /** Every row checked as the import would write it, nothing written. */
  async dryRun(
    context: RequestContext,
    id: string,
    settings: ImportSettings,
  ): Promise<ImportDryRunDto> {
    const job = await this.uploadedJob(context, id);
    const plan = await this.plan(context, job, settings);
    const call = this.runner.callFor(context, plan, true);
    const seen = new Map<string, number>();
    const result: ImportDryRunDto = {
      rows_total: 0,
      rows_valid: 0,
      rows_failed: 0,
      preview: [],
      errors: [],
      errors_truncated: false,
    };
    const note = (failures: Array<{ row: CsvRow; reason: string }>) => {
      result.rows_failed += failures.length;
      for (const { row, reason } of failures) {
        if (result.errors.length < MAX_LISTED_ERRORS) {
          result.errors.push({ row: row.rowNumber, reason });
        } else {
          result.errors_truncated = true;
        }
      }
    };
    let rows: CsvRow[] = [];
    const check = async () => {
      const planned = planRows(plan, rows, seen);
      rows = [];
      for (const item of planned.items) {
        if (result.preview.length < PREVIEW_ROWS) {
          result.preview.push({ row: item.row.rowNumber, values: item.body });
        }
      }
      const checked = await writeBatch(
        planned.items.map((item) => item.body),
        call,
      );
      note(planned.refused);
      note(
        checked.failures.map(({ index, reason }) => ({
          row: planned.items[index]?.row as CsvRow,
          reason,
        })),
      );
      result.rows_valid += planned.items.length - checked.failures.length;
    };
    for await (const item of readCsv(this.pathOf(context, id))) {
      if ('header' in item) {
        continue;
      }
      result.rows_total++;
      rows.push(item);
      if (rows.length >= IMPORT_BATCH_SIZE) {
        await check();
      }
    }
    if (rows.length > 0) {
      await check();
    }
    result.errors.sort((a, b) => a.row - b.row);
    return result;
  }

  /** Starts the import in the background; answers the running job at once. */
  async start(
    context: RequestContext,
    id: string,
    settings: ImportSettings,
  ): Promise<ImportJobDto> {
    const job = await this.uploadedJob(context, id);
    const plan = await this.plan(context, job, settings);
    const started = await this.jobs.start(context.organizationId, id, {
      mode: plan.mode,
      keyName: plan.key?.name ?? null,
      mapping: plan.mapping,
    });
    if (!started) {
      throw this.notUploaded(job);
    }
    this.runner.launch(context, id, plan, this.pathOf(context, id));
    return toImportJob(started);
  }

  async getJob(context: RequestContext, id: string): Promise<ImportJobDto> {
    return toImportJob(await this.readableJob(context, id));
  }

  /** The organization's jobs of the objects the caller may read, newest first. */
  async listJobs(
    context: RequestContext,
    range: { start: number; end: number } | undefined,
  ): Promise<{ jobs: ImportJobDto[]; start: number; total: number }> {
    const readable = (await this.definitions.listDefinitions(context))
      .map((definition) => definition.name)
      .filter((name) => scopeOf(context, name, 'read') !== 'none');
    const start = range?.start ?? 0;
    const limit = Math.min(range ? range.end - range.start + 1 : 25, 100);
    const page = await this.jobs.findPage(context.organizationId, readable, start, limit);
    return { jobs: page.rows.map((row) => toImportJob(row)), start, total: page.total };
  }

  async cancel(context: RequestContext, id: string): Promise<ImportJobDto> {
    const job = await this.readableJob(context, id);
    assertAction(context, job.object_name, 'create');
    if (job.status !== 'uploaded' && job.status !== 'running') {
      throw new AppError(ErrorCode.Conflict, `The import is already ${job.status}`);
    }
    const cancelled = (await this.jobs.requestCancel(context.organizationId, id)) as ImportJobRow;
    if (cancelled.status === 'cancelled') {
      await this.discard(this.pathOf(context, id));
    }
    return toImportJob(cancelled);
  }

  /** The failed rows, page by page: the file's columns, then `row` and `reason`. */
  async failedRows(
    context: RequestContext,
    id: string,
  ): Promise<{ header: string[]; pages: (after: number) => Promise<ImportFailure[]> }> {
    const job = await this.readableJob(context, id);
    return {
      header: ['row', 'reason', ...job.columns],
      pages: (after) => this.jobs.findFailures(context.organizationId, id, after, 2000),
    };
  }

  private async plan(
    context: RequestContext,
    job: ImportJobRow,
    settings: ImportSettings,
  ): Promise<ImportPlan> {
    assertAction(context, job.object_name, 'create');
    if (settings.mode === 'upsert') {
      assertAction(context, job.object_name, 'update');
    }
    const definition = await this.definitions.getDefinition(context, job.object_name);
    const targets = importTargets(
      context,
      definition,
      await this.associations.sidesOfObject(context, definition.name),
    );
    return planImport(definition, targets, job.columns, settings);
  }

  private async readableJob(context: RequestContext, id: string): Promise<ImportJobRow> {
    const job = UUID.test(id) ? await this.jobs.findById(context.organizationId, id) : undefined;
    if (!job || scopeOf(context, job.object_name, 'read') === 'none') {
      throw new AppError(ErrorCode.NotFound, `No import ${id} in this organization`);
    }
    return job;
  }

  private async uploadedJob(context: RequestContext, id: string): Promise<ImportJobRow> {
    const job = await this.readableJob(context, id);
    if (job.status !== 'uploaded') {
      throw this.notUploaded(job);
    }
    return job;
  }

  private notUploaded(job: ImportJobRow): AppError {
    return new AppError(
      ErrorCode.Conflict,
      `The import is ${job.status}: only an uploaded file can be checked or started; upload it again`,
    );
  }

  private pathOf(context: RequestContext, id: string): string {
    return join(this.config.dataDir, 'imports', context.organizationId, `${id}.csv`);
  }

  private async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }
}
