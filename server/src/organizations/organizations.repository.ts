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

  async findAllIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(OrganizationEntity)
      .find({ select: { id: true }, order: { createdAt: 'ASC' } });
    return rows.map((row) => row.id);
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
