import { Injectable } from '@nestjs/common';
import { ObjectDefinitionEntity } from 'src/database/entities/object-definition.entity';
import { managerOf, type Tx } from 'src/database/transaction';
import { DataSource, type EntityManager, IsNull } from 'typeorm';

export type ObjectDefinitionRow = ObjectDefinitionEntity;
export type ObjectDefinitionValues = Omit<
  ObjectDefinitionEntity,
  'id' | 'organization' | 'createdAt' | 'updatedAt' | 'archivedAt'
>;

@Injectable()
export class ObjectDefinitionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /** The organization's definitions; archived ones only when asked for. */
  findAll(
    organizationId: string,
    includeArchived = false,
    tx?: Tx,
  ): Promise<ObjectDefinitionRow[]> {
    return this.manager(tx)
      .getRepository(ObjectDefinitionEntity)
      .find({
        where: includeArchived ? { organizationId } : { organizationId, archivedAt: IsNull() },
        order: { name: 'ASC' },
      });
  }

  /** Serializes definition changes of one organization (held until the transaction ends). */
  async lockOrganization(organizationId: string, tx: Tx): Promise<void> {
    await managerOf(tx).query(
      "SELECT pg_advisory_xact_lock(hashtext('object_definition:' || $1))",
      [organizationId],
    );
  }

  async insert(values: ObjectDefinitionValues, tx?: Tx): Promise<ObjectDefinitionRow> {
    const repository = this.manager(tx).getRepository(ObjectDefinitionEntity);
    return repository.save(repository.create(values));
  }

  async update(
    organizationId: string,
    id: string,
    values: Partial<ObjectDefinitionValues>,
    tx?: Tx,
  ): Promise<void> {
    await this.manager(tx)
      .getRepository(ObjectDefinitionEntity)
      .update(
        { organizationId, id },
        values as Parameters<typeof this.dataSource.manager.update>[2],
      );
  }
}
