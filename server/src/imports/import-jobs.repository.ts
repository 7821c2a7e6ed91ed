import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type ImportStatus = 'uploaded' | 'running' | 'completed' | 'cancelled' | 'failed';
export type ImportMode = 'create' | 'upsert';

export interface ImportJobRow {
  id: string;
  object_name: string;
  status: ImportStatus;
  mode: ImportMode;
  key_name: string | null;
  mapping: Record<string, string>;
  columns: string[];
  file_name: string;
  file_size: string;
  rows_total: number;
  rows_done: number;
  created_count: number;
  updated_count: number;
  failed_count: number;
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
}

export interface ImportFailure {
  rowNumber: number;
  reason: string;
  cells: string[];
}

const JOB_COLUMNS = `id, object_name, status, mode, key_name, mapping, columns, file_name, file_size,
  rows_total, rows_done, created_count, updated_count, failed_count, error, created_by, created_at,
  started_at, finished_at, cancel_requested_at`;

/** The SQL of import jobs and their failed rows; every method is scoped by organization. */
@Injectable()
export class ImportJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** The rows an `UPDATE … RETURNING` changed (TypeORM answers `[rows, count]` for an UPDATE). */
  private async updated<T>(sql: string, params: unknown[]): Promise<T[]> {
    const [rows] = await this.dataSource.query<[T[], number]>(sql, params);
    return rows;
  }

  async insert(
    organizationId: string,
    job: Pick<
      ImportJobRow,
      'id' | 'object_name' | 'mapping' | 'columns' | 'file_name' | 'file_size' | 'rows_total'
    > & { created_by: string },
  ): Promise<ImportJobRow> {
    const [row] = await this.query<ImportJobRow>(
      `INSERT INTO import_job (organization_id, id, object_name, status, mapping, columns, file_name,
         file_size, rows_total, created_by)
       VALUES ($1, $2, $3, 'uploaded', $4, $5, $6, $7, $8, $9) RETURNING ${JOB_COLUMNS}`,
      [
        organizationId,
        job.id,
        job.object_name,
        JSON.stringify(job.mapping),
        JSON.stringify(job.columns),
        job.file_name,
        job.file_size,
        job.rows_total,
        job.created_by,
      ],
    );
    return row as ImportJobRow;
  }

  async findById(organizationId: string, id: string): Promise<ImportJobRow | undefined> {
    const rows = await this.query<ImportJobRow>(
      `SELECT ${JOB_COLUMNS} FROM import_job WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return rows[0];
  }

  /** A page of the organization's jobs of the given objects, newest first, and their total. */
  async findPage(
    organizationId: string,
    objects: string[],
    offset: number,
    limit: number,
  ): Promise<{ rows: ImportJobRow[]; total: number }> {
    const [rows, counted] = await Promise.all([
      this.query<ImportJobRow>(
        `SELECT ${JOB_COLUMNS} FROM import_job WHERE organization_id = $1 AND object_name = ANY($2::text[])
          ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
        [organizationId, objects, limit, offset],
      ),
      this.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM import_job WHERE organization_id = $1 AND object_name = ANY($2::text[])`,
        [organizationId, objects],
      ),
    ]);
    return { rows, total: counted[0]?.total ?? 0 };
  }

  /** Moves an uploaded job to running with its settings; undefined when it was not `uploaded`. */
  async start(
    organizationId: string,
    id: string,
    settings: { mode: ImportMode; keyName: string | null; mapping: Record<string, string> },
  ): Promise<ImportJobRow | undefined> {
    const rows = await this.updated<ImportJobRow>(
      `UPDATE import_job SET status = 'running', mode = $3, key_name = $4, mapping = $5, started_at = now()
        WHERE organization_id = $1 AND id = $2 AND status = 'uploaded' RETURNING ${JOB_COLUMNS}`,
      [organizationId, id, settings.mode, settings.keyName, JSON.stringify(settings.mapping)],
    );
    return rows[0];
  }

  /** One batch's outcome: counts added and its failed rows stored, in one statement each. */
  async recordProgress(
    organizationId: string,
    id: string,
    progress: { rows: number; created: number; updated: number; failures: ImportFailure[] },
  ): Promise<void> {
    const { failures } = progress;
    if (failures.length > 0) {
      await this.query(
        `INSERT INTO import_job_failure (organization_id, job_id, row_number, reason, cells)
         SELECT $1, $2, f.row_number, f.reason, f.cells
           FROM unnest($3::int[], $4::text[], $5::jsonb[]) AS f(row_number, reason, cells)
         ON CONFLICT DO NOTHING`,
        [
          organizationId,
          id,
          failures.map((f) => f.rowNumber),
          failures.map((f) => f.reason),
          failures.map((f) => JSON.stringify(f.cells)),
        ],
      );
    }
    await this.query(
      `UPDATE import_job SET rows_done = rows_done + $3, created_count = created_count + $4,
         updated_count = updated_count + $5, failed_count = failed_count + $6
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, progress.rows, progress.created, progress.updated, failures.length],
    );
  }

  async isCancelRequested(organizationId: string, id: string): Promise<boolean> {
    const rows = await this.query<{ requested: boolean }>(
      `SELECT cancel_requested_at IS NOT NULL AS requested FROM import_job WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return rows[0]?.requested ?? true;
  }

  /**
   * Asks a job to stop: an uploaded one is cancelled at once, a running one stops before its next
   * batch. Returns the job as it now is (undefined: no such job).
   */
  async requestCancel(organizationId: string, id: string): Promise<ImportJobRow | undefined> {
    const rows = await this.updated<ImportJobRow>(
      `UPDATE import_job SET cancel_requested_at = coalesce(cancel_requested_at, now()),
         status = CASE WHEN status = 'uploaded' THEN 'cancelled' ELSE status END,
         finished_at = CASE WHEN status = 'uploaded' THEN now() ELSE finished_at END
        WHERE organization_id = $1 AND id = $2 RETURNING ${JOB_COLUMNS}`,
      [organizationId, id],
    );
    return rows[0];
  }

  async finish(
    organizationId: string,
    id: string,
    status: 'completed' | 'cancelled' | 'failed',
    error: string | null,
  ): Promise<void> {
    await this.query(
      `UPDATE import_job SET status = $3, error = $4, finished_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, status, error],
    );
  }

  /** Failed rows after `afterRow`, in row order (a keyset page). */
  async findFailures(
    organizationId: string,
    id: string,
    afterRow: number,
    limit: number,
  ): Promise<ImportFailure[]> {
    return this.query<ImportFailure>(
      `SELECT row_number AS "rowNumber", reason, cells FROM import_job_failure
        WHERE organization_id = $1 AND job_id = $2 AND row_number > $3
        ORDER BY row_number LIMIT $4`,
      [organizationId, id, afterRow, limit],
    );
  }
}
