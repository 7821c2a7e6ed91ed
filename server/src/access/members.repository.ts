import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager } from 'typeorm';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
}

export interface MemberRow {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: string;
  createdAt: Date;
}

const MEMBER_COLUMNS = `m.id, m.user_id AS "userId", u.email, u.name, m.role, m.created_at AS "createdAt"`;

/** Users, their memberships and password-reset links. */
@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /** Users are not an organization's: one account spans its memberships. */
  async findUserByEmail(email: string, tx?: Tx): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.manager(tx).query(
      `SELECT id, email, name, password_hash AS "passwordHash" FROM user_account
        WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0];
  }

  async findUserById(id: string, tx?: Tx): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.manager(tx).query(
      `SELECT id, email, name, password_hash AS "passwordHash" FROM user_account WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async countUsers(): Promise<number> {
    const rows: Array<{ total: number }> = await this.dataSource.query(
      'SELECT count(*)::int AS total FROM user_account',
    );
    return rows[0]?.total ?? 0;
  }

  async insertUser(
    user: { email: string; name: string; passwordHash: string | null },
    tx?: Tx,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await this.manager(tx).query(
      `INSERT INTO user_account (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
      [user.email, user.name, user.passwordHash],
    );
    return rows[0]?.id ?? '';
  }

  async setPassword(userId: string, passwordHash: string, tx?: Tx): Promise<void> {
    await this.manager(tx).query(
      'UPDATE user_account SET password_hash = $2, updated_at = now() WHERE id = $1',
      [userId, passwordHash],
    );
  }

  async listMembers(organizationId: string): Promise<MemberRow[]> {
    return this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM member m JOIN user_account u ON u.id = m.user_id
        WHERE m.organization_id = $1 ORDER BY m.created_at, m.id`,
      [organizationId],
    );
  }

  async findMember(organizationId: string, id: string, tx?: Tx): Promise<MemberRow | undefined> {
    const rows: MemberRow[] = await this.manager(tx).query(
      `SELECT ${MEMBER_COLUMNS} FROM member m JOIN user_account u ON u.id = m.user_id
        WHERE m.organization_id = $1 AND m.id = $2`,
      [organizationId, id],
    );
    return rows[0];
  }

  async findMemberOfUser(
    organizationId: string,
    userId: string,
    tx?: Tx,
  ): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await this.manager(tx).query(
      'SELECT id FROM member WHERE organization_id = $1 AND user_id = $2',
      [organizationId, userId],
    );
    return rows[0]?.id;
  }

  async insertMember(
    organizationId: string,
    userId: string,
    role: string,
    tx?: Tx,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await this.manager(tx).query(
      'INSERT INTO member (organization_id, user_id, role) VALUES ($1, $2, $3) RETURNING id',
      [organizationId, userId, role],
    );
    return rows[0]?.id ?? '';
  }

  async updateMemberRole(organizationId: string, id: string, role: string, tx: Tx): Promise<void> {
    await managerOf(tx).query(
      'UPDATE member SET role = $3 WHERE organization_id = $1 AND id = $2',
      [organizationId, id, role],
    );
  }

  async deleteMember(organizationId: string, id: string, tx: Tx): Promise<void> {
    await managerOf(tx).query('DELETE FROM member WHERE organization_id = $1 AND id = $2', [
      organizationId,
      id,
    ]);
  }

  /**
   * The organization's owners, their rows locked: two demotions at once cannot both see another
   * owner left.
   */
  async lockOwners(organizationId: string, tx: Tx): Promise<string[]> {
    const rows: Array<{ id: string }> = await managerOf(tx).query(
      `SELECT id FROM member WHERE organization_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE`,
      [organizationId],
    );
    return rows.map((row) => row.id);
  }

  async countRoleUses(organizationId: string, role: string): Promise<number> {
    const rows: Array<{ total: number }> = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM member WHERE organization_id = $1 AND role = $2)
            + (SELECT count(*) FROM api_key WHERE organization_id = $1 AND role = $2
                 AND revoked_at IS NULL) AS total`,
      [organizationId, role],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async insertPasswordReset(userId: string, hash: Buffer, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO password_reset (user_id, token_hash, expires_at) VALUES ($1, $2, $3)',
      [userId, hash, expiresAt],
    );
  }

  /** Uses a live reset link once: the user it was for, or undefined. */
  async consumePasswordReset(hash: Buffer, tx: Tx): Promise<string | undefined> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows] = await managerOf(tx).query<[Array<{ userId: string }>, number]>(
      `UPDATE password_reset SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id AS "userId"`,
      [hash],
    );
    return rows[0]?.userId;
  }
}
