import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RoleRow {
  name: string;
  permissions: unknown;
}

/** An organization's custom roles (the built-in ones live in code). */
@Injectable()
export class RolesRepository {
  constructor(private readonly dataSource: DataSource) {}

  listRoles(organizationId: string): Promise<RoleRow[]> {
    return this.dataSource.query(
      'SELECT name, permissions FROM role WHERE organization_id = $1 ORDER BY name',
      [organizationId],
    );
  }

  async findRole(organizationId: string, name: string): Promise<RoleRow | undefined> {
    const rows: RoleRow[] = await this.dataSource.query(
      'SELECT name, permissions FROM role WHERE organization_id = $1 AND name = $2',
      [organizationId, name],
    );
    return rows[0];
  }

  /** false: the name is taken. */
  async insertRole(organizationId: string, name: string, permissions: unknown): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO role (organization_id, name, permissions) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, name) DO NOTHING RETURNING id`,
      [organizationId, name, JSON.stringify(permissions)],
    );
    return rows.length > 0;
  }

  async updateRole(organizationId: string, name: string, permissions: unknown): Promise<boolean> {
    // TypeORM answers an UPDATE or DELETE with [rows, affected count].
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE role SET permissions = $3, updated_at = now()
        WHERE organization_id = $1 AND name = $2`,
      [organizationId, name, JSON.stringify(permissions)],
    );
    return affected > 0;
  }

  async deleteRole(organizationId: string, name: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM role WHERE organization_id = $1 AND name = $2',
      [organizationId, name],
    );
    return affected > 0;
  }
}
