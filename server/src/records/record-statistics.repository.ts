import { Injectable, Logger } from '@nestjs/common';
import { describeQueryError } from 'src/common/logging/query-errors';
import { DataSource } from 'typeorm';

/**
 * The size (8 kB pages: 80 kB, some 100 people or 700 unique values) from which a table without
 * statistics is analyzed here. Its size, not a row count: PostgreSQL's counters of rows trail
 * the writes by up to seconds, the file's size does not.
 */
export const FIRST_ANALYZE_PAGES = 10;

/** How long the analysis waits for its lock (a runtime index build holds it). */
const LOCK_WAIT_MS = 1000;
/** PostgreSQL's error code for a lock wait past `lock_timeout`. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The tables whose first statistics decide the write path's plans. */
const TABLES = ['record', 'record_unique_value'] as const;

/**
 * The first statistics of `record` and `record_unique_value`, for PostgreSQL's planner. Until a
 * table has been analyzed with rows in it the planner knows nothing of its columns, not even that
 * a record's id is unique (the primary key is `(organization_id, id)`). So a read or an update by
 * id was planned as a scan of the organization's records: 6 ms instead of 0.2 ms at 20,000
 * people, growing with them. That lasts until autovacuum's first analysis, up to a minute
 * (`autovacuum_naptime`) after a large import or a run of batches began on a new database.
 * PostgreSQL's documentation advises the same after a bulk load ("Populating a Database: run
 * ANALYZE afterwards").
 *
 * Statistics are per table, not per organization: this is the one repository method that does
 * not take an organization, and it reads no row.
 */
@Injectable()
export class RecordStatisticsRepository {
  private readonly logger = new Logger(RecordStatisticsRepository.name);
  /** Both tables have statistics (or were analyzed here): autovacuum keeps them from here on. */
  private isDone = false;
  /** Tables analyzed by this process, never tried twice (a role that may not analyze is told once). */
  private readonly analyzed = new Set<string>();
  private running: Promise<void> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Analyzes each of the tables that has grown to {@link FIRST_ANALYZE_PAGES} pages and has no
   * statistics yet. After a batch write; one check at a time per process (a caller that finds one
   * running does not wait for it), and none once both tables have statistics.
   */
  async analyzeFirstTime(): Promise<void> {
    if (this.isDone || this.running) {
      return;
    }
    this.running = this.analyzeUnanalyzed().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async analyzeUnanalyzed(): Promise<void> {
    const tables: Array<{ name: string; has_statistics: boolean; pages: string }> =
      await this.dataSource.query(
        `SELECT c.relname AS name,
                EXISTS (SELECT 1 FROM pg_stats s
                         WHERE s.schemaname = n.nspname AND s.tablename = c.relname) AS has_statistics,
                pg_relation_size(c.oid) / current_setting('block_size')::int AS pages
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = ANY($1::regclass[])`,
        [TABLES],
      );
    const due = tables.filter(
      (table) =>
        !table.has_statistics &&
        !this.analyzed.has(table.name) &&
        Number(table.pages) >= FIRST_ANALYZE_PAGES,
    );
    for (const table of due) {
      const started = Date.now();
      try {
        // A name from TABLES above, never input. A runtime index build (CREATE INDEX
        // CONCURRENTLY) holds the lock ANALYZE takes for minutes: wait 1 s at most, and try again
        // after a later batch.
        await this.dataSource.transaction(async (manager) => {
          await manager.query(`SET LOCAL lock_timeout = '${LOCK_WAIT_MS}ms'`);
          await manager.query(`ANALYZE ${table.name}`);
        });
        this.analyzed.add(table.name);
        this.logger.log(
          `Analyzed ${table.name} (${table.pages} pages, no statistics yet) in ${Date.now() - started} ms`,
        );
      } catch (error) {
        if (
          (error as { driverError?: { code?: string } }).driverError?.code === LOCK_NOT_AVAILABLE
        ) {
          continue;
        }
        // PostgreSQL skips a table the role may not analyze with a warning; anything else is told
        // once, and autovacuum will analyze the table.
        this.analyzed.add(table.name);
        this.logger.warn(`Could not analyze ${table.name} (${describeQueryError(error)})`);
      }
    }
    this.isDone = tables.every((table) => table.has_statistics || this.analyzed.has(table.name));
  }
}
