import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager } from 'typeorm';

export interface LinkRow {
  association_type: string;
  from_record_id: string;
  to_record_id: string;
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

  /** Links of the given types touching any of the records. */
  findLinks(organizationId: string, types: string[], recordIds: string[]): Promise<LinkRow[]> {
    return this.dataSource.query(
      `SELECT association_type, from_record_id, to_record_id FROM association
        WHERE organization_id = $1 AND association_type = ANY($2::text[])
          AND (from_record_id = ANY($3::uuid[]) OR to_record_id = ANY($3::uuid[]))
        ORDER BY created_at, id`,
      [organizationId, types, recordIds],
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
