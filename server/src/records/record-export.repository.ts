import { Inject, Injectable } from '@nestjs/common';
import { READ_DATA_SOURCE } from 'src/database/database.tokens';
import { DataSource } from 'typeorm';
import type { SqlQuery } from './record-sql';

/**
 * Reads a whole list out in pages through a server-side cursor: one snapshot (a read-only
 * repeatable-read transaction) on the read pool (a replica when `DATABASE_READ_URL` is set), never
 * the whole result in memory. The connection is held while the caller consumes the pages; a
 * consumer idle longer than the database's idle-in-transaction timeout loses the cursor (the
 * export stops there).
 */
@Injectable()
export class RecordExportRepository {
  constructor(@Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async forEachPage<Row>(
    query: SqlQuery,
    pageSize: number,
    onPage: (rows: Row[]) => Promise<boolean>,
  ): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`DECLARE record_export NO SCROLL CURSOR FOR ${query.sql}`, query.values);
      for (;;) {
        const rows = (await runner.query(
          `FETCH FORWARD ${Math.trunc(pageSize)} FROM record_export`,
        )) as Row[];
        if (rows.length === 0 || !(await onPage(rows)) || rows.length < pageSize) {
          break;
        }
      }
      await runner.query('COMMIT');
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
