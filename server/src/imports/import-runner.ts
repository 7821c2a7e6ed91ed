import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { AppError } from 'src/common/errors/app-error';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordUpsertService } from 'src/records/record-upsert.service';
import { RecordsBatchService } from 'src/records/records-batch.service';
import { type BatchCall, type WriteOutcome, writeBatch } from './import-batch';
import { type CsvRow, readCsv } from './import-file';
import { type ImportFailure, ImportJobsRepository } from './import-jobs.repository';
import { type ImportPlan, planRows } from './import-plan';

/** Rows per write: the write path's batch limit. */
export const IMPORT_BATCH_SIZE = 1000;

/**
 * Batches written at once (each its own transaction): while one waits for PostgreSQL, the next
 * is validated and sent, so the database works on two cores. Key values repeated in the file are
 * refused before a batch starts (`seen`), and unique values are claimed in one order, so two
 * batches never wait for each other in a cycle.
 */
export const IMPORT_BATCHES_IN_FLIGHT = 2;

/**
 * Runs imports in the background of this server process, batch by batch through the write path
 * (records' batch create or upsert, two batches in flight), recording progress and failed rows
 * after each batch and starting no further batch once a cancel is asked for. On shutdown, running
 * imports stop after their batches in flight and are marked failed ("interrupted").
 */
@Injectable()
export class ImportRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunner.name);
  private readonly running = new Set<Promise<void>>();
  private isStopping = false;

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly batch: RecordsBatchService,
    private readonly upsert: RecordUpsertService,
  ) {}

  /** The write (or dry-run check) of one batch for a plan. */
  callFor(context: RequestContext, plan: ImportPlan, isDryRun: boolean): BatchCall {
    if (isDryRun) {
      return async (bodies) => {
        await this.batch.checkRecords(context, plan.objectName, bodies);
        return [];
      };
    }
    if (plan.mode === 'upsert') {
      return (bodies) =>
        this.upsert.upsertOutcomes(context, plan.objectName, bodies, { key: plan.key?.name });
    }
    return async (bodies) =>
      new Array<WriteOutcome>(
        await this.batch.insertRecords(context, plan.objectName, bodies),
      ).fill('created');
  }

  launch(context: RequestContext, jobId: string, plan: ImportPlan, path: string): void {
    const run = this.run(context, jobId, plan, path)
      .catch((error: unknown) => this.logger.error(`Import ${jobId} failed`, error))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves once no import runs in this process (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.isStopping = true;
    await this.idle();
  }

  private async run(
    context: RequestContext,
    jobId: string,
    plan: ImportPlan,
    path: string,
  ): Promise<void> {
    const { organizationId } = context;
    const call = this.callFor(context, plan, false);
    const seen = new Map<string, number>();
    let rows: CsvRow[] = [];
    const flush = async (batch: CsvRow[]): Promise<boolean> => {
      const planned = planRows(plan, batch, seen);
      const result = await writeBatch(
        planned.items.map((item) => item.body),
        call,
      );
      const failures: ImportFailure[] = [
        ...planned.refused.map(({ row, reason }) => ({
          rowNumber: row.rowNumber,
          reason,
          cells: row.cells,
        })),
        ...result.failures.map(({ index, reason }) => {
          const row = planned.items[index]?.row as CsvRow;
          return { rowNumber: row.rowNumber, reason, cells: row.cells };
        }),
      ];
      await this.jobs.recordProgress(organizationId, jobId, {
        rows: planned.items.length + planned.refused.length,
        created: result.created,
        updated: result.updated,
        failures,
      });
      return !this.isStopping && !(await this.jobs.isCancelRequested(organizationId, jobId));
    };
    // Batches in flight, oldest first: the next batch is written while the one before commits.
    const inFlight: Array<Promise<boolean>> = [];
    let isGoingOn = true;
    const settle = async (): Promise<void> => {
      isGoingOn = (await inFlight.shift()) === true && isGoingOn;
    };
    const start = (): void => {
      const batch = rows;
      rows = [];
      const written = flush(batch);
      written.catch(() => undefined);
      inFlight.push(written);
    };
    try {
      for await (const item of readCsv(path)) {
        if ('header' in item) {
          continue;
        }
        rows.push(item);
        if (rows.length >= IMPORT_BATCH_SIZE) {
          start();
          if (inFlight.length >= IMPORT_BATCHES_IN_FLIGHT) {
            await settle();
          }
          if (!isGoingOn) {
            break;
          }
        }
      }
      if (isGoingOn && rows.length > 0) {
        start();
      }
      while (inFlight.length > 0) {
        await settle();
      }
      const isCancelled = !isGoingOn && !this.isStopping;
      await this.jobs.finish(
        organizationId,
        jobId,
        isCancelled ? 'cancelled' : this.isStopping ? 'failed' : 'completed',
        this.isStopping ? 'Interrupted: the server stopped during the import' : null,
      );
    } catch (error) {
      await Promise.allSettled(inFlight);
      await this.jobs.finish(
        organizationId,
        jobId,
        'failed',
        error instanceof AppError
          ? error.message
          : 'The import stopped on an unexpected error; the rows done so far are written',
      );
      if (!(error instanceof AppError)) {
        throw error;
      }
    } finally {
      await rm(path, { force: true });
    }
  }
}
