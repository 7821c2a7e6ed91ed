import { Injectable } from '@nestjs/common';
import { AssociationDefinitionEntity } from 'src/database/entities/association-definition.entity';
import { managerOf, type Tx } from 'src/database/transaction';
import { DEFINITIONS_CHANNEL } from 'src/object-definitions/object-definitions.repository';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  AssociationDefinition,
  AssociationDefinitionInput,
  Cardinality,
} from './association.types';

interface DefinitionRow {
  id: string;
  organization_id: string;
  name: string;
  from_object_definition_id: string;
  to_object_definition_id: string;
  from_object: string;
  to_object: string;
  from_name: string;
  from_label: string;
  to_name: string;
  to_label: string;
  cardinality: Cardinality;
  is_system: boolean;
  created_at: Date;
  updated_at: Date;
}

function toDefinition(row: DefinitionRow): AssociationDefinition {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    from: row.from_object,
    to: row.to_object,
    fromObjectDefinitionId: row.from_object_definition_id,
    toObjectDefinitionId: row.to_object_definition_id,
    cardinality: row.cardinality,
    from_side: { name: row.from_name, label: row.from_label },
    to_side: { name: row.to_name, label: row.to_label },
    isSystem: row.is_system,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Association definitions whose two objects are live (not archived). */
const SELECT = `
  SELECT ad.*, fo.name AS from_object, too.name AS to_object
    FROM association_definition ad
    JOIN object_definition fo ON fo.id = ad.from_object_definition_id AND fo.archived_at IS NULL
    JOIN object_definition too ON too.id = ad.to_object_definition_id AND too.archived_at IS NULL
   WHERE ad.organization_id = $1`;

export type AssociationDefinitionValues = Pick<
  AssociationDefinitionEntity,
  | 'organizationId'
  | 'name'
  | 'fromObjectDefinitionId'
  | 'toObjectDefinitionId'
  | 'fromName'
  | 'fromLabel'
  | 'toName'
  | 'toLabel'
  | 'cardinality'
  | 'isSystem'
>;

@Injectable()
export class AssociationDefinitionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: Tx): EntityManager {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  async findAll(organizationId: string, tx?: Tx): Promise<AssociationDefinition[]> {
    const rows: DefinitionRow[] = await this.manager(tx).query(`${SELECT} ORDER BY ad.name`, [
      organizationId,
    ]);
    return rows.map(toDefinition);
  }

  /** The associations one object takes part in, from either side. */
  async findForObject(
    organizationId: string,
    objectName: string,
    tx?: Tx,
  ): Promise<AssociationDefinition[]> {
    const rows: DefinitionRow[] = await this.manager(tx).query(
      `${SELECT} AND (fo.name = $2 OR too.name = $2) ORDER BY ad.name`,
      [organizationId, objectName],
    );
    return rows.map(toDefinition);
  }

  async findByName(
    organizationId: string,
    name: string,
    tx?: Tx,
  ): Promise<AssociationDefinition | undefined> {
    const rows: DefinitionRow[] = await this.manager(tx).query(`${SELECT} AND ad.name = $2`, [
      organizationId,
      name,
    ]);
    return rows[0] ? toDefinition(rows[0]) : undefined;
  }

  /** Serializes association definition changes of one organization. */
  async lockOrganization(organizationId: string, tx: Tx): Promise<void> {
    await managerOf(tx).query(
      "SELECT pg_advisory_xact_lock(hashtext('association_definition:' || $1))",
      [organizationId],
    );
  }

  /** Every name in use, archived objects' associations included (names stay taken). */
  async findAllNames(organizationId: string, tx: Tx): Promise<string[]> {
    const rows: Array<{ name: string }> = await managerOf(tx).query(
      'SELECT name FROM association_definition WHERE organization_id = $1',
      [organizationId],
    );
    return rows.map((row) => row.name);
  }

  async insert(values: AssociationDefinitionValues, tx: Tx): Promise<void> {
    const repository = managerOf(tx).getRepository(AssociationDefinitionEntity);
    await repository.save(repository.create(values));
  }

  /**
   * System associations in one statement, their objects resolved by name among the live ones
   * (an association of a missing or archived object is skipped) and names already taken left as
   * they are. Returns how many it inserted.
   */
  async insertSystem(
    organizationId: string,
    inputs: AssociationDefinitionInput[],
    tx: Tx,
  ): Promise<number> {
    const rows: unknown[] = await managerOf(tx).query(
      `INSERT INTO association_definition (organization_id, name, from_object_definition_id,
              to_object_definition_id, from_name, from_label, to_name, to_label, cardinality, is_system)
       SELECT $1, a.value->>'name', fo.id, too.id, a.value->'from_side'->>'name',
              a.value->'from_side'->>'label', a.value->'to_side'->>'name',
              a.value->'to_side'->>'label', a.value->>'cardinality', true
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS a(value, position)
         JOIN object_definition fo ON fo.organization_id = $1 AND fo.name = a.value->>'from'
                                  AND fo.archived_at IS NULL
         JOIN object_definition too ON too.organization_id = $1 AND too.name = a.value->>'to'
                                   AND too.archived_at IS NULL
        ORDER BY a.position
       ON CONFLICT (organization_id, name) DO NOTHING
       RETURNING id`,
      [organizationId, JSON.stringify(inputs)],
    );
    return rows.length;
  }

  async updateLabels(
    organizationId: string,
    id: string,
    labels: { fromLabel: string; toLabel: string },
    tx: Tx,
  ): Promise<void> {
    await managerOf(tx)
      .getRepository(AssociationDefinitionEntity)
      .update({ organizationId, id }, labels);
  }

  /**
   * Holds definitions while links of them are written, FOR KEY SHARE (as a foreign key would):
   * their deletion waits for the writes to commit. Returns the ids that still exist.
   */
  async lockForLinks(organizationId: string, ids: string[], tx: Tx): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await managerOf(tx).query(
      `SELECT id FROM association_definition WHERE organization_id = $1 AND id = ANY($2::uuid[])
        ORDER BY id FOR KEY SHARE`,
      [organizationId, ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Holds a definition against link writes until the transaction ends; false when it is gone. */
  async lockForDelete(organizationId: string, id: string, tx: Tx): Promise<boolean> {
    const rows: unknown[] = await managerOf(tx).query(
      'SELECT 1 FROM association_definition WHERE organization_id = $1 AND id = $2 FOR UPDATE',
      [organizationId, id],
    );
    return rows.length > 0;
  }

  async delete(organizationId: string, id: string, tx: Tx): Promise<void> {
    await managerOf(tx).getRepository(AssociationDefinitionEntity).delete({ organizationId, id });
  }

  /**
   * Delivered when the transaction commits to every Plinth process, on the object definitions'
   * channel: their listener drops the organization's cached definitions, and association sides
   * with them (AssociationRegistry).
   */
  async notifyChanged(organizationId: string, tx: Tx): Promise<void> {
    await managerOf(tx).query('SELECT pg_notify($1, $2)', [DEFINITIONS_CHANNEL, organizationId]);
  }
}
