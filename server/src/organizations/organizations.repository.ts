import { Injectable } from '@nestjs/common';
import { OrganizationEntity } from 'src/database/entities/organization.entity';
import { DataSource } from 'typeorm';

export interface Organization {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organization table is the tenant list itself, so it is the one table not filtered by it. */
  findById(id: string): Promise<Organization | null> {
    return this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
  }

  findBySlug(slug: string): Promise<Organization | null> {
    return this.dataSource.getRepository(OrganizationEntity).findOneBy({ slug });
  }

  async hasSystemDefinitionsHash(id: string, hash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM organization WHERE id = $1 AND system_definitions_hash = $2`,
      [id, hash],
    );
    return rows.length > 0;
  }

  async setSystemDefinitionsHash(id: string, hash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE organization SET system_definitions_hash = $2 WHERE id = $1`,
      [id, hash],
    );
  }

  /** Up to `limit` ids after `afterId` (in id order) whose system definitions hash is not `hash`. */
  async findIdsWithoutSystemDefinitionsHash(
    hash: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM organization
        WHERE system_definitions_hash IS DISTINCT FROM $1 AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id LIMIT $3`,
      [hash, afterId, limit],
    );
    return rows.map((row) => row.id);
  }

  async countWithoutSystemDefinitionsHash(hash: string): Promise<number> {
    const [row]: Array<{ count: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM organization
        WHERE system_definitions_hash IS DISTINCT FROM $1`,
      [hash],
    );
    return row?.count ?? 0;
  }

  /** Inserts unless the slug exists (concurrent starts race here), then reads it back. */
  async insertIfAbsent(name: string, slug: string): Promise<Organization> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(OrganizationEntity)
      .values({ name, slug })
      .orIgnore()
      .execute();
    const organization = await this.findBySlug(slug);
    if (!organization) {
      throw new Error(`organization ${slug} vanished after insert`);
    }
    return organization;
  }
}
