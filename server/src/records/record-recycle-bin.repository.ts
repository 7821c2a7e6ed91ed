import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';

/** A record the retention purge removed. */
export interface PurgedRecord {
  organization_id: string;
  id: string;
}

/**
 * The retention purge's SQL (README, "Recycle bin"): records in the recycle bin since before a
 * cutoff, across organizations, removed in batches. Record-by-record deletes and purges go
 * through the write path (record-write.pipeline.ts), never through here.
 */
@Injectable()
export class RecordRecycleBinRepository {
  /**
   * Removes up to `batchSize` records archived before `cutoff`, with (through the database) their
   * links and unique values. SKIP LOCKED: several server processes purging at once take disjoint
   * batches, and a record a restore or purge has locked is left to it.
   */
  async purgeArchivedBefore(cutoff: Date, batchSize: number, tx: Tx): Promise<PurgedRecord[]> {
    const [rows] = await managerOf(tx).query<[PurgedRecord[], number]>(
      `DELETE FROM record WHERE (organization_id, id) IN (
         SELECT organization_id, id FROM record WHERE archived_at IS NOT NULL AND archived_at < $1 AND merged_into IS NULL
          ORDER BY archived_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING organization_id, id`,
      [cutoff, batchSize],
    );
    return rows;
  }
}
