import { Injectable } from '@nestjs/common';
import { preparedQuery } from 'src/database/prepared-query';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager } from 'typeorm';
import { linksOfOneSql, linkTypesByColumn, liveLinksSql } from './record-sql';

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
   * The links of one record on each side (a read by id): one branch per column with the sides'
   * types as two array parameters (linksOfOneSql), so PostgreSQL plans the prepared statement
   * once per connection whatever the object. The many-record form below reads arrays through
   * `unnest`, whose size a reusable plan cannot know: it was planned anew on every read (~2 ms of
   * planning for ~0.1 ms of work).
   */
  findLinksOfOne(
    organizationId: string,
    sides: Array<{ type: string; column: 'from' | 'to' }>,
    recordId: string,
    limit: number,
  ): Promise<SideLinkRow[]> {
    const types = linkTypesByColumn(sides);
    return preparedQuery<SideLinkRow>(
      this.dataSource,
      `SELECT association_type, self_column, $2::uuid AS self_id, other_id
         FROM (${linksOfOneSql({ organization: '$1', record: '$2', limit: '$3', fromTypes: '$4', toTypes: '$5' })}) AS l
        ORDER BY self_column, association_type, created_at, id`,
      [organizationId, recordId, limit, types.from, types.to],
    );
  }

  /**
   * For each record and each side (an association type seen from its `from` or `to` column), the
   * ids linked on that side, oldest link first, at most `limit` of them (links to a record of the
   * recycle bin are kept but not shown): each lateral subquery
   * stops at its LIMIT, so a record with a million links costs no more rows than one with `limit`.
   */
  findLinksPerRecord(
    organizationId: string,
    sides: Array<{ type: string; column: 'from' | 'to' }>,
    recordIds: string[],
    limit: number,
  ): Promise<SideLinkRow[]> {
    // Not a prepared statement: a plan for arrays of unknown size looks costlier than one for
    // the given ones, so PostgreSQL would plan it anew on every run anyway (findLinksOfOne).
    return this.dataSource.query(
      `SELECT s.type AS association_type, s.self_column, r.id AS self_id, l.other_id
         FROM unnest($2::uuid[]) AS r(id)
        CROSS JOIN unnest($3::text[], $4::text[]) AS s(type, self_column)
        CROSS JOIN LATERAL (
          (${liveLinksSql({ column: 'from', type: 's.type', organization: '$1', record: 'r.id', limit: '$5', condition: "s.self_column = 'from'" })})
          UNION ALL
          (${liveLinksSql({ column: 'to', type: 's.type', organization: '$1', record: 'r.id', limit: '$5', condition: "s.self_column = 'to'" })})
        ) AS l
        ORDER BY r.id, s.type, s.self_column, l.created_at, l.id`,
      [
        organizationId,
        recordIds,
        sides.map((side) => side.type),
        sides.map((side) => side.column),
        limit,
      ],
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
