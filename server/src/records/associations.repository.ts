import { Injectable } from '@nestjs/common';
import { preparedQuery } from 'src/database/prepared-query';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager } from 'typeorm';
import { type LinkTypes, recordLinksSql } from './record-sql';

export interface SideLinkRow {
  association_type: string;
  self_column: 'from' | 'to';
  self_id: string;
  other_id: string;
}

/**
 * SQL that reads association rows (and removes all of a deleted association's). Every method is
 * scoped by organization. Link writes are RecordWritesRepository's.
 */
@Injectable()
export class AssociationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * Which of `ids` are live records of the object, locked so they cannot vanish before commit;
   * `isExclusive` also makes other exclusive lockers (replacing writers) wait for this commit.
   */
  async lockRecords(
    organizationId: string,
    objectDefinitionId: string,
    ids: string[],
    tx: Tx,
    isExclusive = false,
  ): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await managerOf(tx).query(
      `SELECT id FROM record WHERE organization_id = $1 AND object_definition_id = $2 AND id = ANY($3::uuid[])
          AND archived_at IS NULL FOR ${isExclusive ? 'NO KEY UPDATE' : 'KEY SHARE'}`,
      [organizationId, objectDefinitionId, ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * For each record and each side (an association type seen from its `from` or `to` column), the
   * ids linked on that side, oldest link first, at most `limit` of them (links to a record of the
   * recycle bin are kept but not shown): recordLinksSql, prepared (its text is the same for any
   * object and any number of records).
   */
  findLinksPerRecord(
    organizationId: string,
    types: LinkTypes,
    recordIds: string[],
    limit: number,
  ): Promise<SideLinkRow[]> {
    return preparedQuery<SideLinkRow>(
      this.dataSource,
      `SELECT association_type, self_column, self_id, other_id
         FROM (${recordLinksSql({ organization: '$1', record: 'ANY($2::uuid[])', limit: '$3', fromTypes: '$4', toTypes: '$5' })}) AS l
        ORDER BY self_id, self_column, association_type, created_at, id`,
      [organizationId, recordIds, limit, types.from, types.to],
    );
  }

  /** Every link of a record, either side, oldest first (a merge moves them). */
  findLinksOf(
    organizationId: string,
    recordId: string,
    tx: Tx,
  ): Promise<Array<{ association_type: string; from_record_id: string; to_record_id: string }>> {
    return managerOf(tx).query(
      `SELECT association_type, from_record_id, to_record_id FROM association
        WHERE organization_id = $1 AND (from_record_id = $2 OR to_record_id = $2)
        ORDER BY created_at, id`,
      [organizationId, recordId],
    );
  }

  async countLinks(organizationId: string, type: string, tx?: Tx): Promise<number> {
    const rows: Array<{ total: number }> = await this.manager(tx).query(
      'SELECT count(*)::int AS total FROM association WHERE organization_id = $1 AND association_type = $2',
      [organizationId, type],
    );
    return rows[0]?.total ?? 0;
  }

  async deleteLinksOfType(organizationId: string, type: string, tx: Tx): Promise<number> {
    const [, affected] = await managerOf(tx).query<[unknown[], number]>(
      'DELETE FROM association WHERE organization_id = $1 AND association_type = $2',
      [organizationId, type],
    );
    return affected;
  }
}
