import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager } from 'typeorm';

export type LinkColumn = 'from' | 'to';

export interface LinkRow {
  association_type: string;
  from_record_id: string;
  to_record_id: string;
}

/** Why a link could not be written. */
export type LinkOutcome = 'linked' | 'already_linked' | 'from_taken' | 'to_taken';

const COLUMN: Record<LinkColumn, string> = { from: 'from_record_id', to: 'to_record_id' };

/** All SQL on association rows. Every method is scoped by organization. */
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
   * Writes one link; the partial unique indexes on from_single / to_single make the database
   * enforce the cardinality, even between concurrent writers.
   */
  async link(
    organizationId: string,
    type: string,
    fromId: string,
    toId: string,
    singles: { from: boolean; to: boolean },
    tx: Tx,
  ): Promise<LinkOutcome> {
    const manager = managerOf(tx);
    // DO NOTHING covers every unique index (the pair and both partial "single" ones); a
    // concurrent writer of a conflicting row makes this wait for its outcome.
    const inserted: unknown[] = await manager.query(
      `INSERT INTO association (organization_id, association_type, from_record_id, to_record_id, from_single, to_single)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [organizationId, type, fromId, toId, singles.from ? fromId : null, singles.to ? toId : null],
    );
    if (inserted.length > 0) {
      return 'linked';
    }
    const [existing] = await manager.query<
      Array<{ same: boolean | null; from_taken: boolean | null }>
    >(
      `SELECT bool_or(from_record_id = $3 AND to_record_id = $4) AS same,
              bool_or(from_single = $3) AS from_taken
         FROM association WHERE organization_id = $1 AND association_type = $2
          AND (from_record_id = $3 OR to_record_id = $4)`,
      [organizationId, type, fromId, toId],
    );
    if (existing?.same) {
      return 'already_linked';
    }
    return existing?.from_taken ? 'from_taken' : 'to_taken';
  }

  async unlink(
    organizationId: string,
    type: string,
    fromId: string,
    toId: string,
    tx?: Tx,
  ): Promise<boolean> {
    const [, affected] = await this.manager(tx).query<[unknown[], number]>(
      `DELETE FROM association WHERE organization_id = $1 AND association_type = $2 AND from_record_id = $3 AND to_record_id = $4`,
      [organizationId, type, fromId, toId],
    );
    return affected > 0;
  }

  /** Removes every link of a type at one record (on the given side). */
  async unlinkAll(
    organizationId: string,
    type: string,
    column: LinkColumn,
    recordId: string,
    tx: Tx,
  ): Promise<void> {
    await managerOf(tx).query(
      `DELETE FROM association WHERE organization_id = $1 AND association_type = $2 AND ${COLUMN[column]} = $3`,
      [organizationId, type, recordId],
    );
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
