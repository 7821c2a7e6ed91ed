import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource } from 'typeorm';

/** Who may own records: the members of the organization (the owner_id check of a write). */
export interface RecordOwners {
  isMember(organizationId: string, memberId: string, tx?: Tx): Promise<boolean>;
}

/** Nest's token for the RecordOwners the authorize stage uses (tests give their own). */
export const RECORD_OWNERS = Symbol('RECORD_OWNERS');

/**
 * RecordOwners over the `member` table. Until the access migration has made that table (it comes
 * with sign-in), nobody is a member: the check answers false instead of failing the statement
 * (a failed statement would abort the write's transaction).
 */
@Injectable()
export class RecordOwnersRepository implements RecordOwners {
  private hasMemberTable = false;

  constructor(private readonly dataSource: DataSource) {}

  async isMember(organizationId: string, memberId: string, tx?: Tx): Promise<boolean> {
    const manager = tx ? managerOf(tx) : this.dataSource.manager;
    if (!this.hasMemberTable) {
      const [found] = await manager.query<Array<{ exists: boolean }>>(
        `SELECT to_regclass('member') IS NOT NULL AS exists`,
      );
      this.hasMemberTable = found?.exists === true;
      if (!this.hasMemberTable) {
        return false;
      }
    }
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM member WHERE organization_id = $1 AND id = $2',
      [organizationId, memberId],
    );
    return rows.length > 0;
  }
}
