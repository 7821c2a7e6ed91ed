import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource } from 'typeorm';

/**
 * The retention purge's SQL (README, "Recycle bin"): records in the recycle bin since before a
 * cutoff, removed in batches, one organization at a time (so that each statement stays within one
 * organization, as a database distributed by organization needs: docs/scaling.md). Record-by-record deletes and purges go
 * through the write path (record-write.pipeline.ts), never through here.
 */
@Injectable()
export class RecordRecycleBinRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organizations holding records archived before `cutoff` (the purge's only scan across). */
  async findOrganizationsToPurge(cutoff: Date): Promise<string[]> {
    const rows: Array<{ organization_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT organization_id FROM record
        WHERE archived_at IS NOT NULL AND archived_at < $1 AND merged_into IS NULL`,
      [cutoff],
    );
    return rows.map((row) => row.organization_id);
  }

  /**
   * Removes up to `batchSize` of the organization's records archived before `cutoff`, with
   * (through the database) their links and unique values. SKIP LOCKED: several server processes
   * purging at once take disjoint batches, and a record a restore or purge has locked is left to it.
   */
  async purgeArchivedBefore(
    organizationId: string,
    cutoff: Date,
    batchSize: number,
    tx: Tx,
  ): Promise<string[]> {
    const [rows] = await managerOf(tx).query<[Array<{ id: string }>, number]>(
      `DELETE FROM record WHERE organization_id = $1 AND id IN (
         SELECT id FROM record WHERE organization_id = $1 AND archived_at IS NOT NULL
            AND archived_at < $2 AND merged_into IS NULL
          ORDER BY archived_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [organizationId, cutoff, batchSize],
    );
    return rows.map((row) => row.id);
  }
}
